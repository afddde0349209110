import type {
  ConsoleConfig,
  DeadLetterTopic,
  DevToken,
  DevTokenRequest,
  Me,
  OutcomeMinute,
  PlacedOrder,
  PlaceOrderRequest,
  Product,
  RedriveResult,
  SagaSummary,
  SagaTimeline,
  ServiceHealth,
  TraceView,
} from '../../../src/api/console-api.js';

/** An RFC 9457 problem+json body, as every service answers errors. */
export interface Problem {
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** Any answer of the API: its status, and its body parsed when it is JSON. */
export interface Answer<T> {
  status: number;
  statusText: string;
  ok: boolean;
  body: T | Problem | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

interface RequestOptions {
  token?: string | null;
  method?: 'GET' | 'POST';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The status line's words, for proxies (HTTP/2) that drop them. */
const reasonPhrases: Record<number, string> = {
  200: 'OK',
  202: 'Accepted',
  404: 'Not Found',
  409: 'Conflict',
};

export async function send<T>(path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    signal: options.signal ?? null,
  });
  const text = await response.text();
  let body: T | Problem | null = null;
  try {
    body = text ? (JSON.parse(text) as T | Problem) : null;
  } catch {
    body = { detail: text.slice(0, 200) };
  }
  const statusText = response.statusText || reasonPhrases[response.status] || '';
  return { status: response.status, statusText, ok: response.ok, body };
}

/** The body of a successful answer; an ApiError with the problem otherwise. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const answer = await send<T>(path, options);
  if (!answer.ok) throw new ApiError(answer.status, answer.body as Problem | null);
  return answer.body as T;
}

type Token = string | null;

export const api = {
  config: (signal?: AbortSignal) => request<ConsoleConfig>('/api/config', { signal }),
  devToken: (body: DevTokenRequest) => request<DevToken>('/api/dev-token', { method: 'POST', body }),
  me: (token: Token) => request<Me>('/api/me', { token }),
  products: (signal?: AbortSignal) => request<Product[]>('/api/products', { signal }),
  placeOrder: (token: Token, order: PlaceOrderRequest, idempotencyKey: string) =>
    request<PlacedOrder>('/api/orders', {
      token,
      method: 'POST',
      body: order,
      headers: { 'idempotency-key': idempotencyKey },
    }),
  cancelOrder: (token: Token, orderId: string) =>
    send<{ status?: string }>(`/api/orders/${encodeURIComponent(orderId)}/cancel`, { token, method: 'POST' }),
  sagas: (token: Token, signal?: AbortSignal) =>
    request<SagaSummary[]>('/api/sagas?limit=100', { token, signal }),
  saga: (token: Token, orderId: string, signal?: AbortSignal) =>
    request<SagaTimeline>(`/api/sagas/${encodeURIComponent(orderId)}`, { token, signal }),
  trace: (token: Token, traceId: string, signal?: AbortSignal) =>
    request<TraceView>(`/api/traces/${encodeURIComponent(traceId)}`, { token, signal }),
  services: (token: Token, signal?: AbortSignal) =>
    request<ServiceHealth[]>('/api/ops/services', { token, signal }),
  deadLetters: (token: Token, signal?: AbortSignal) =>
    request<DeadLetterTopic[]>('/api/ops/dead-letters', { token, signal }),
  redrive: (token: Token, topic: string) =>
    request<RedriveResult>(`/api/ops/dead-letters/${encodeURIComponent(topic)}/redrive`, {
      token,
      method: 'POST',
    }),
  outcomes: (token: Token, minutes: number, signal?: AbortSignal) =>
    request<OutcomeMinute[]>(`/api/ops/outcomes?minutes=${minutes}`, { token, signal }),
};
