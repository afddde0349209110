import type { SagaLane, SagaTimeline, TimelineEvent } from '../../../src/api/console-api.js';

export interface PlacedEvent {
  event: TimelineEvent;
  /** Milliseconds since the saga started. */
  offsetMs: number;
  /** Horizontal position on the track, percent. */
  left: number;
  /** Which of the lane's rows it sits in, so labels never overlap. */
  row: number;
}

export interface TimelineLayout {
  spanMs: number;
  /** The timeline's lanes, each service's (a fork's new service too), in saga order. */
  lanes: SagaLane[];
  byLane: Record<SagaLane, { events: PlacedEvent[]; rows: number }>;
}

/** Room left at both ends of the track so the first and last markers are not clipped. */
const edgePercent = 2;
/** About how wide a marker's label is, as percent of the track. */
const labelPercent = 17;

/** Positions every event proportionally to its time since the saga started. */
export function layoutTimeline(timeline: SagaTimeline): TimelineLayout {
  const times = timeline.events.map((event) => Date.parse(event.at));
  const start = Math.min(Date.parse(timeline.startedAt), ...times);
  const end = Math.max(start, ...times, timeline.finishedAt ? Date.parse(timeline.finishedAt) : start);
  const spanMs = Math.max(end - start, 1);
  const byLane = {} as TimelineLayout['byLane'];
  const rowEnds = {} as Record<SagaLane, number[]>;
  const lanes = [...timeline.lanes];
  for (const event of timeline.events) if (!lanes.includes(event.lane)) lanes.push(event.lane);
  for (const lane of lanes) {
    byLane[lane] = { events: [], rows: 1 };
    rowEnds[lane] = [];
  }

  timeline.events.forEach((event, index) => {
    const offsetMs = (times[index] ?? start) - start;
    const left = edgePercent + ((100 - 2 * edgePercent - labelPercent) * offsetMs) / spanMs;
    const ends = rowEnds[event.lane]!;
    let row = ends.findIndex((rowEnd) => rowEnd <= left);
    if (row < 0) row = ends.push(0) - 1;
    ends[row] = left + labelPercent;
    const lane = byLane[event.lane]!;
    lane.events.push({ event, offsetMs, left, row });
    lane.rows = Math.max(lane.rows, row + 1);
  });
  return { spanMs, lanes, byLane };
}

/** Where the axis ticks go: five, from the start to the end of the saga. */
export function axisTicks(spanMs: number): { left: number; offsetMs: number }[] {
  return [0, 0.25, 0.5, 0.75, 1].map((fraction) => ({
    left: edgePercent + (100 - 2 * edgePercent - labelPercent) * fraction,
    offsetMs: spanMs * fraction,
  }));
}
