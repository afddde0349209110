import type { DeadLetter, DeadLetterTopic } from '../../../src/api/console-api.js';
import { formatDateTime } from '../format.js';

function DeadLetterItem({ letter }: { letter: DeadLetter }) {
  return (
    <li className="dead-letter" data-testid="dead-letter">
      <div className="dead-letter-head">
        <span className="tag tag-error">{letter.errorKind ?? 'unknown error'}</span>
        <span className="mono small">
          partition {letter.partition} · offset {letter.offset}
        </span>
        <span className="muted small">{formatDateTime(letter.failedAt)}</span>
      </div>
      <p className="dead-letter-error">{letter.error ?? 'No error header.'}</p>
      <dl className="dead-letter-headers">
        <div>
          <dt>key</dt>
          <dd className="mono">{letter.key ?? '—'}</dd>
        </div>
        <div>
          <dt>type</dt>
          <dd className="mono">{letter.type ?? '—'}</dd>
        </div>
        <div>
          <dt>parked by</dt>
          <dd className="mono">{letter.consumerGroup ?? '—'}</dd>
        </div>
        <div>
          <dt>from</dt>
          <dd className="mono">
            {letter.originalPartition ?? '?'}:{letter.originalOffset ?? '?'}
          </dd>
        </div>
      </dl>
      <pre className="dead-letter-preview">{letter.preview}</pre>
    </li>
  );
}

interface DeadLettersProps {
  topic: DeadLetterTopic;
  canRedrive: boolean;
  redriving: boolean;
  onRedrive(topic: string): void;
}

/** One topic's parked messages, and the button that puts them back on the topic. */
export function DeadLetterCard({ topic, canRedrive, redriving, onRedrive }: DeadLettersProps) {
  return (
    <article
      className="dlq-card"
      data-testid={`dlq-topic-${topic.topic}`}
      aria-label={`Dead letters of ${topic.topic}`}
    >
      <header className="dlq-card-head">
        <div>
          <h3 className="mono">{topic.topic}</h3>
          <p className="muted small">
            {topic.letters.length} waiting on {topic.topic}.dlq
          </p>
        </div>
        {canRedrive && (
          <button
            type="button"
            className="button"
            disabled={redriving}
            onClick={() => onRedrive(topic.topic)}
            data-testid={`redrive-${topic.topic}`}
          >
            {redriving ? 'Redriving…' : 'Redrive'}
          </button>
        )}
      </header>
      <ul className="dead-letter-list">
        {topic.letters.map((letter) => (
          <DeadLetterItem key={`${letter.partition}:${letter.offset}`} letter={letter} />
        ))}
      </ul>
    </article>
  );
}
