const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(cents: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en', { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format.format(cents / 100);
}

/** 850 ms, 1.25 s, 2 min 05 s. */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const seconds = Math.round(ms / 1_000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

export const formatDurationUs = (us: number) => formatDurationMs(us / 1_000);

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleTimeString('en-GB', { hour12: false });
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const at = new Date(iso);
  return `${at.toLocaleDateString('en-GB', { day: '2-digit', month: 'short' })} ${formatTime(iso)}`;
}

/** The first group of a uuid: enough to tell orders apart on a page. */
export const shortId = (id: string) => id.split('-')[0] ?? id;

/** `payment.declined.v1` → `payment.declined`. */
export const eventName = (type: string) => type.replace(/\.v\d+$/, '');
