import { describe, expect, it } from '@jest/globals';
import { allTopics, deadLetterTopicOf, topicsToProvision } from './topics.js';

describe('topics', () => {
  it('names every topic subject.past-tense.version', () => {
    for (const topic of allTopics) expect(topic).toMatch(/^[a-z]+\.[a-z]+\.v\d+$/);
  });

  it('provisions each topic together with its dead-letter twin', () => {
    const provisioned = topicsToProvision();
    expect(provisioned).toHaveLength(allTopics.length * 2);
    expect(provisioned).toContain('order.placed.v1');
    expect(provisioned).toContain(deadLetterTopicOf('order.placed.v1'));
    expect(deadLetterTopicOf('order.placed.v1')).toBe('order.placed.v1.dlq');
  });
});
