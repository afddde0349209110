export type {
  BrokerAdmin,
  BrokerClient,
  BrokerConsumer,
  BrokerProducer,
  ClusterInfo,
  ConsumerOptions,
  IncomingMessage,
  MessageHeaders,
  OutgoingMessage,
  TopicSpec,
} from './broker/broker-client.js';
export { createKafkaJsBrokerClient } from './broker/kafkajs-broker-client.js';
export type { KafkaJsOptions } from './broker/kafkajs-broker-client.js';
export { deadLetterHeader, fromDeadLetter, toDeadLetter } from './consumer/dead-letters.js';
export type { DeadLetterKind } from './consumer/dead-letters.js';
export { EventConsumer, orderIdBaggageKey } from './consumer/event-consumer.js';
export { listDeadLetters, redriveDeadLetters, redriveGroup } from './consumer/redrive.js';
export type { EventConsumerOptions, RetryPolicy } from './consumer/event-consumer.js';
export { PermanentFailure } from './consumer/failures.js';
export { claimInInbox, handleOnce } from './inbox/inbox.js';
export type { TransactionRunner } from './inbox/inbox.js';
export { SagaConsumer } from './nest/saga-consumer.decorator.js';
export { SagaEventContext, SagaEventServer } from './nest/saga-event-server.js';
export type { SagaEventServerOptions } from './nest/saga-event-server.js';
export { addToOutbox, outboxChannel } from './outbox/add-to-outbox.js';
export { OutboxRelay } from './outbox/outbox-relay.js';
export type { OutboxRelayOptions, RelayLogger } from './outbox/outbox-relay.js';
export type { SqlExecutor } from './sql-executor.js';
export { contextFromHeaders, currentTraceHeaders } from './tracing/trace-headers.js';
export { DualWritePublisher } from './outbox/dual-write.js';
