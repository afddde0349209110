import { events } from './events/catalog.js';
import type { EventDefinition } from './events/define-event.js';

/**
 * The README's saga map as a Markdown table, from the catalog: per event its producer, each
 * consumer's reaction ("inventory releases; order → CANCELLED"), and what it compensates.
 * `npm run saga-map` writes it into the README; CI fails when the README's copy is stale.
 */
export function sagaMapTable(): string {
  const rows = Object.values(events).map((event: EventDefinition) => {
    const reactions = Object.entries(event.reactions).map(
      ([consumer, reaction]) => `${consumer} ${reaction}`,
    );
    const reacting = reactions.length > 0 ? reactions.join('; ') : '— (no consumer yet)';
    return `| \`${event.type}\` | ${event.producer} | ${reacting} | ${event.compensation ?? '—'} |`;
  });
  return [
    '| event (topic) | producer | consumers and their reaction | compensation it triggers |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
