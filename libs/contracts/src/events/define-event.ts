import type { z } from 'zod';
import type { Topic } from '../topics.js';

/** The four services that take part in the saga. */
export type SagaService = 'order' | 'inventory' | 'payment' | 'fulfilment';

/**
 * One event type: its topic (which is also its CloudEvents type), who produces and consumes it,
 * its schema and an example payload. The producer and consumers are the topology: Kafka ACLs,
 * Strimzi KafkaUsers and the consumers' `ce_source` check are derived from them (access.ts).
 */
export interface EventDefinition<Schema extends z.ZodType = z.ZodType, Type extends Topic = Topic> {
  type: Type;
  /** The only service allowed to publish it; CloudEvents `source` is `/saga-shop/<producer>`. */
  producer: SagaService;
  /** The services that react to it; each must declare exactly these in its @SagaReaction methods. */
  consumers: readonly SagaService[];
  schema: Schema;
  example: z.infer<Schema>;
}

export function defineEvent<const Type extends Topic, Schema extends z.ZodType>(
  definition: EventDefinition<Schema, Type>,
) {
  return definition;
}

export type PayloadOf<Definition> =
  Definition extends EventDefinition<infer Schema, Topic> ? z.infer<Schema> : never;
