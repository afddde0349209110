import type { SagaTimeline } from '../../../src/api/console-api.js';
import { formatDurationMs, formatTime } from '../format.js';

/** The timeline as a list: every event's summary, and where a dead letter was parked and why. */
export function EventLog({ timeline }: { timeline: SagaTimeline }) {
  const start = Date.parse(timeline.startedAt);
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col" className="numeric">
            Since start
          </th>
          <th scope="col">Service</th>
          <th scope="col">Event</th>
          <th scope="col">What happened</th>
        </tr>
      </thead>
      <tbody>
        {timeline.events.map((event) => (
          <tr
            key={event.id}
            className={event.compensation ? 'row-compensation' : event.failure ? 'row-failure' : ''}
          >
            <td className="mono">{formatTime(event.at)}</td>
            <td className="numeric mono">+{formatDurationMs(Math.max(0, Date.parse(event.at) - start))}</td>
            <td>
              <span className={`service-dot service-${event.lane}`} aria-hidden="true" /> {event.lane}
            </td>
            <td className="mono">{event.type}</td>
            <td>
              {event.summary}
              {event.compensation && <span className="tag tag-compensation">compensation</span>}
              {event.deadLetter && (
                <div className="dead-letter-note">
                  parked by {event.deadLetter.consumerGroup}: {event.deadLetter.errorKind} —{' '}
                  {event.deadLetter.error}
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
