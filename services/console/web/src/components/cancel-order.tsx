import { useState } from 'react';
import { api, type Problem } from '../api/client.js';
import { useSession } from '../session/session-context.js';

interface CancelResult {
  httpStatus: number;
  text: string;
}

/** Asks the order service to cancel; it decides (shipping wins), and says so: 202 or 409. */
export function CancelOrder({ orderId }: { orderId: string }) {
  const { token } = useSession();
  const [result, setResult] = useState<CancelResult | null>(null);
  const [busy, setBusy] = useState(false);

  const cancel = async () => {
    setBusy(true);
    try {
      const answer = await api.cancelOrder(token, orderId);
      const body = answer.body as ({ status?: string; cancellationRequested?: string } & Problem) | null;
      const requested = body?.cancellationRequested
        ? `, cancellation requested (${body.cancellationRequested})`
        : '';
      const said = answer.ok ? `${body?.status ?? ''}${requested}` : (body?.detail ?? body?.title);
      setResult({
        httpStatus: answer.status,
        text: `${answer.status} ${answer.statusText}${said ? ` — ${said}` : ''}`,
      });
    } catch (error) {
      setResult({ httpStatus: 0, text: `The request failed: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cancel-order">
      <button
        type="button"
        className="button button-danger"
        onClick={() => void cancel()}
        disabled={busy}
        data-testid="cancel-order"
      >
        {busy ? 'Requesting…' : 'Cancel order'}
      </button>
      <span aria-live="polite">
        {result && (
          <span
            className={`inline-result ${result.httpStatus >= 200 && result.httpStatus < 300 ? 'tone-success' : 'tone-danger'}`}
            data-testid="cancel-result"
            data-http-status={String(result.httpStatus)}
          >
            {result.text}
          </span>
        )}
      </span>
    </div>
  );
}
