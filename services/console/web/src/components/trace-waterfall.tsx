import { useState } from 'react';
import type { TraceSpan, TraceView } from '../../../src/api/console-api.js';
import { formatDurationUs } from '../format.js';
import { serviceClass } from './service-colours.js';

/** A bar never thinner than this, so a 20 µs span can still be seen and hovered. */
const minimumWidthPercent = 0.4;
/** Past this, a bar's duration goes on its left, where there is room. */
const labelFlipPercent = 85;

function SpanRow({ span, trace }: { span: TraceSpan; trace: TraceView }) {
  const [open, setOpen] = useState(false);
  const total = Math.max(trace.durationUs, 1);
  const left = (100 * span.startUs) / total;
  const width = Math.max((100 * span.durationUs) / total, minimumWidthPercent);
  const attributes = Object.entries(span.attributes);
  return (
    <li
      className={`trace-span ${span.error ? 'trace-span-error' : ''}`}
      data-testid="trace-span"
      data-service={span.service}
      data-error={String(span.error)}
    >
      <div className="trace-span-label" style={{ paddingLeft: `${span.depth * 14 + 8}px` }}>
        <button
          type="button"
          className="trace-span-toggle"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          disabled={attributes.length === 0}
        >
          <span className={`service-chip ${serviceClass(span.service)}`}>{span.service}</span>
          <span className="trace-span-name">{span.name}</span>
          {span.error && <span className="tag tag-error">error</span>}
        </button>
      </div>
      <div className="trace-span-track">
        <span
          className={`trace-span-bar ${serviceClass(span.service)}`}
          style={{ left: `${Math.min(left, 100 - minimumWidthPercent)}%`, width: `${width}%` }}
        />
        <span
          className="trace-span-duration"
          style={left + width > labelFlipPercent ? { right: `${100 - left}%` } : { left: `${left + width}%` }}
        >
          {formatDurationUs(span.durationUs)}
        </span>
      </div>
      {open && (
        <dl className="trace-span-attributes">
          {span.kind && (
            <div>
              <dt>kind</dt>
              <dd>{span.kind}</dd>
            </div>
          )}
          {attributes.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

/** Every span of the trace, parents before children, placed by start and sized by duration. */
export function TraceWaterfall({ trace }: { trace: TraceView }) {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return (
    <div className="trace-waterfall" data-testid="trace-waterfall">
      <div className="trace-axis" aria-hidden="true">
        <span className="trace-span-label" />
        <div className="trace-span-track">
          {ticks.map((fraction) => (
            <span key={fraction} className="axis-tick" style={{ left: `${fraction * 100}%` }}>
              {formatDurationUs(trace.durationUs * fraction)}
            </span>
          ))}
        </div>
      </div>
      <ol className="trace-spans" aria-label="Spans">
        {trace.spans.map((span) => (
          <SpanRow key={span.spanId} span={span} trace={trace} />
        ))}
      </ol>
    </div>
  );
}
