import type { z } from 'zod';
import type { Topic } from '../topics.js';

/** One event type: its topic (which is also its CloudEvents type), schema and an example payload. */
export interface EventDefinition<Schema extends z.ZodType = z.ZodType, Type extends Topic = Topic> {
  type: Type;
  /** The service that produces it, CloudEvents `source` is `/saga-shop/<producer>`. */
  producer: 'order' | 'inventory' | 'payment' | 'fulfilment';
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
