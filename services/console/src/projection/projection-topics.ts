import { allTopics, deadLetterTopicOf } from '@saga-shop/contracts';

/** Every saga topic and its dead-letter twin: the whole story the console shows. */
export const projectionTopics: string[] = allTopics.flatMap((topic) => [topic, deadLetterTopicOf(topic)]);
