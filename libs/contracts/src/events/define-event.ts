import type { z } from 'zod';
import type { Topic } from '../topics.js';
import type { SagaService } from './saga-services.js';

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
  /**
   * Set while no saga service reacts to it yet (a new service's first event, watched only in the
   * console): without it, an event nobody consumes fails the topology check (access.spec.ts).
   */
  noConsumerYet?: true;
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
