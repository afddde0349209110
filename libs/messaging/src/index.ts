export type {
  AclGrant,
  BrokerAdmin,
  BrokerClient,
  BrokerConsumer,
  BrokerProducer,
  ClusterInfo,
  ConsumerOptions,
  FetchTuning,
  IncomingBatch,
  IncomingMessage,
  MessageHeaders,
  OutgoingMessage,
  PartitionRange,
  TopicSpec,
} from './broker/broker-client.js';
export { aclGrantsOf } from './broker/acl-grants.js';
export { BrokerError } from './broker/broker-error.js';
export { brokerClientKindFrom, brokerClientKinds } from './broker/connection-options.js';
export type { BrokerClientKind, BrokerConnectionOptions, KafkaSasl } from './broker/connection-options.js';
export { createBrokerClient } from './broker/create-broker-client.js';
// Use createBrokerClient; still exported for services/console/src/rebuild.ts, written in parallel.
export { createKafkaJsBrokerClient } from './broker/kafkajs-broker-client.js';
export { operatorConnection } from './broker/operator-connection.js';
export { applyBatch, handleBatchOnce } from './consumer/apply-batch.js';
export type { React } from './consumer/apply-batch.js';
export type { AfterCommit, ConsumedEvent, SagaBatchHandler } from './consumer/batch-handler.js';
export type { RetryPolicy } from './consumer/batch-pipeline.js';
export { ConsumerHealth } from './consumer/consumer-health.js';
export type { ConsumerState, ConsumerStatus } from './consumer/consumer-health.js';
export { deadLetterHeader, fromDeadLetter, toDeadLetter } from './consumer/dead-letters.js';
export type { DeadLetterKind } from './consumer/dead-letters.js';
export { EventConsumer } from './consumer/event-consumer.js';
export type { EventConsumerOptions } from './consumer/event-consumer.js';
export { classifyFailure } from './consumer/failure-class.js';
export type { FailureClass } from './consumer/failure-class.js';
export { PermanentFailure, ProducerContractViolation, WriteConflict } from './consumer/failures.js';
export { orderIdBaggageKey } from './consumer/process-span.js';
export { listDeadLetters, redriveDeadLetters, redriveGroup } from './consumer/redrive.js';
export type { RedriveReport } from './consumer/redrive.js';
export { claimInInbox } from './inbox/inbox.js';
export { SagaConsumer, SagaReaction } from './nest/saga-consumer.decorator.js';
export { SagaEventContext, SagaEventServer } from './nest/saga-event-server.js';
export type { SagaEventServerOptions } from './nest/saga-event-server.js';
export { SAGA_WORKING_SET } from './nest/working-set.js';
export type { WorkingSet } from './nest/working-set.js';
export { DualWritePublisher } from './outbox/dual-write.js';
export { SharedAdmin } from './broker/shared-admin.js';
export { outboxInboxMigrationsDir } from './outbox/outbox-inbox-migrations.js';
export { OutboxRelay } from './outbox/outbox-relay.js';
export type { OutboxRelayOptions, RelayLogger } from './outbox/outbox-relay.js';
export { listQuarantined, resendQuarantined } from './outbox/quarantine.js';
export type { QuarantinedRow } from './outbox/quarantine.js';
export { statement } from './sql/statement.js';
export type { Sql, Statement } from './sql/statement.js';
export { contextFromHeaders, currentTraceHeaders } from './tracing/trace-headers.js';
export { SagaTransaction } from './transaction/saga-transaction.js';
export { TransactionRunner } from './transaction/transaction-runner.js';
export type { RunOptions, TransactionRunnerOptions } from './transaction/transaction-runner.js';
