import type { SagaStatus } from '../../../src/api/console-api.js';

const tones: Record<SagaStatus, string> = {
  PENDING: 'tone-neutral',
  RESERVED: 'tone-info',
  PAID: 'tone-info',
  COMPLETED: 'tone-success',
  CANCELLED: 'tone-danger',
};

export function StatusBadge({ status }: { status: SagaStatus }) {
  return <span className={`badge ${tones[status] ?? 'tone-neutral'}`}>{status}</span>;
}
