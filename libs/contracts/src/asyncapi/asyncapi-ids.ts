import type { SagaService } from '../events/saga-services.js';
import { topics, type Topic } from '../topics.js';

// The ids the AsyncAPI document names its channels, messages and operations by. They come from the
// names in `topics` (order.placed.v1 is `orderPlacedV1`), so a reader finds the same words in code.

const nameOfTopic = new Map<string, string>(Object.entries(topics).map(([name, topic]) => [topic, name]));

/** The channel id of a topic, which is also the id of the one message it carries. */
export function channelIdOf(topic: Topic): string {
  const name = nameOfTopic.get(topic);
  if (!name) throw new Error(`${topic} is not in topics`);
  return name;
}

export const deadLetterChannelIdOf = (topic: Topic) => `${channelIdOf(topic)}DeadLetters`;

const capitalized = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

/** `orderPublishesOrderPlacedV1`, `inventoryReceivesOrderPlacedV1`, `inventoryDeadLettersOrderPlacedV1`. */
export function operationIdOf(
  service: SagaService,
  verb: 'Publishes' | 'Receives' | 'DeadLetters',
  topic: Topic,
) {
  return `${service}${verb}${capitalized(channelIdOf(topic))}`;
}

export const ref = (pointer: string) => ({ $ref: `#/${pointer}` });
