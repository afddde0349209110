import type { SagaTimeline, TimelineEvent } from '../../../src/api/console-api.js';
import { eventName, formatDurationMs } from '../format.js';
import { axisTicks, layoutTimeline, type PlacedEvent } from './timeline-layout.js';

const rowHeightPx = 46;

function eventTone(event: TimelineEvent): string {
  if (event.deadLetter) return 'event-dead-letter';
  if (event.compensation) return 'event-compensation';
  if (event.failure) return 'event-failure';
  return 'event-step';
}

function eventIcon(event: TimelineEvent): string {
  if (event.deadLetter) return '⚠';
  if (event.compensation) return '↺';
  if (event.failure) return '✕';
  return '✓';
}

function EventMarker({ placed }: { placed: PlacedEvent }) {
  const { event } = placed;
  const kind = event.deadLetter
    ? 'dead letter'
    : event.compensation
      ? 'compensation'
      : event.failure
        ? 'failure'
        : 'step';
  return (
    <li
      className={`timeline-event ${eventTone(event)}`}
      style={{ left: `${placed.left}%`, top: `${placed.row * rowHeightPx + 6}px` }}
      title={`${event.type} — ${event.summary}`}
      aria-label={`${kind}: ${event.type} at +${formatDurationMs(placed.offsetMs)}, ${event.summary}`}
      data-testid="timeline-event"
      data-type={event.type}
      data-lane={event.lane}
      data-compensation={String(event.compensation)}
      data-failure={String(event.failure)}
      data-dead-letter={String(Boolean(event.deadLetter))}
    >
      <span className="timeline-event-icon" aria-hidden="true">
        {eventIcon(event)}
      </span>
      <span className="timeline-event-text">
        <span className="timeline-event-name">{eventName(event.type)}</span>
        <span className="timeline-event-time">+{formatDurationMs(placed.offsetMs)}</span>
      </span>
    </li>
  );
}

/** One lane per saga service; each event placed by its time since the saga started. */
export function SwimlaneTimeline({ timeline }: { timeline: SagaTimeline }) {
  const layout = layoutTimeline(timeline);
  const ticks = axisTicks(layout.spanMs);
  const guides = ticks.map((tick) => (
    <span key={tick.left} className="swimlane-guide" style={{ left: `${tick.left}%` }} aria-hidden="true" />
  ));
  return (
    <figure className="swimlanes" aria-label="Saga timeline by service">
      <div className="swimlane-axis" aria-hidden="true">
        <span className="swimlane-lane-name" />
        <div className="swimlane-track">
          {ticks.map((tick) => (
            <span key={tick.left} className="axis-tick" style={{ left: `${tick.left}%` }}>
              +{formatDurationMs(tick.offsetMs)}
            </span>
          ))}
        </div>
      </div>
      {layout.lanes.map((lane) => (
        <div key={lane} className={`swimlane lane-${lane}`} data-testid={`lane-${lane}`}>
          <span className="swimlane-lane-name">
            <span className={`service-dot service-${lane}`} aria-hidden="true" />
            {lane}
          </span>
          <ol
            className="swimlane-track"
            style={{ height: `${layout.byLane[lane].rows * rowHeightPx + 12}px` }}
            aria-label={`${lane} events`}
          >
            {guides}
            {layout.byLane[lane].events.map((placed) => (
              <EventMarker key={placed.event.id} placed={placed} />
            ))}
          </ol>
        </div>
      ))}
      <figcaption className="legend">
        <span className="legend-item">
          <span className="legend-swatch event-step" /> step
        </span>
        <span className="legend-item">
          <span className="legend-swatch event-failure" /> failure
        </span>
        <span className="legend-item">
          <span className="legend-swatch event-compensation" /> compensation
        </span>
        <span className="legend-item">
          <span className="legend-swatch event-dead-letter" /> dead letter
        </span>
      </figcaption>
    </figure>
  );
}
