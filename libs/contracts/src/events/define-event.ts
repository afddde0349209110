import type { z } from 'zod';
import type { Topic } from '../topics.js';
import type { SagaService } from './saga-services.js';

/**
 * One event type as declared: its topic (which is also its CloudEvents type), who produces it,
 * who reacts to it and how, its schema and an example payload. The producer and consumers are
 * the topology: Kafka ACLs, Strimzi KafkaUsers, the consumers' `ce_source` check, the AsyncAPI
 * document and the README's saga map are derived from them.
 */
export interface EventDeclaration<Schema extends z.ZodType = z.ZodType, Type extends Topic = Topic> {
  type: Type;
  /** The only service allowed to publish it; CloudEvents `source` is `/saga-shop/<producer>`. */
  producer: SagaService;
  /**
   * Each service that reacts to it, with its reaction as the saga map says it ("reserves all
   * lines or none", "→ PAID"), in the map's order. Each must declare exactly these in its
   * @SagaReaction methods (checked at start-up).
   */
  reactions: Partial<Record<SagaService, string>>;
  /** What it compensates, for the saga map's last column ("release stock"); none when absent. */
  compensation?: string;
  /**
   * Set while no saga service reacts to it yet (a new service's first event, watched only in the
   * console): without it, an event nobody consumes fails the topology check (access.spec.ts).
   */
  noConsumerYet?: true;
  schema: Schema;
  example: z.infer<Schema>;
}

export interface EventDefinition<
  Schema extends z.ZodType = z.ZodType,
  Type extends Topic = Topic,
> extends EventDeclaration<Schema, Type> {
  /** The services that react to it: the keys of `reactions`. */
  consumers: readonly SagaService[];
}

export function defineEvent<const Type extends Topic, Schema extends z.ZodType>(
  declaration: EventDeclaration<Schema, Type>,
): EventDefinition<Schema, Type> {
  return { ...declaration, consumers: Object.keys(declaration.reactions) as SagaService[] };
}

export type PayloadOf<Definition> =
  Definition extends EventDefinition<infer Schema, Topic> ? z.infer<Schema> : never;
