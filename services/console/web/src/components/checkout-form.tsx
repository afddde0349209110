import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, type Problem } from '../api/client.js';
import { navigate } from '../router.js';
import { useCart } from '../session/cart-context.js';
import { useSession } from '../session/session-context.js';

interface Address {
  line1: string;
  city: string;
  postalCode: string;
}

export function CheckoutForm({ lines }: { lines: { sku: string; quantity: number }[] }) {
  const { config, session, token } = useSession();
  const { clear } = useCart();
  const [paymentMethod, setPaymentMethod] = useState('');
  const [country, setCountry] = useState('');
  const [address, setAddress] = useState<Address>({ line1: '', city: '', postalCode: '' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [placing, setPlacing] = useState(false);

  useEffect(() => {
    if (!config) return;
    setPaymentMethod((current) => current || (config.paymentMethods[0]?.value ?? ''));
    setCountry((current) => current || (config.countries[0]?.code ?? ''));
  }, [config]);

  const place = async (event: FormEvent) => {
    event.preventDefault();
    setPlacing(true);
    setProblem(null);
    try {
      // A fresh key per submit: a retry of this request is the same order, a new submit a new one.
      const placed = await api.placeOrder(
        token,
        { items: lines, paymentMethod, shippingAddress: { ...address, country } },
        crypto.randomUUID(),
      );
      clear();
      navigate(`/orders/${placed.orderId}`);
    } catch (error) {
      setProblem(
        error instanceof ApiError ? (error.problem ?? { detail: error.message }) : { detail: String(error) },
      );
    } finally {
      setPlacing(false);
    }
  };

  const field = (name: keyof Address) => ({
    value: address[name],
    onChange: (event: { target: { value: string } }) =>
      setAddress((previous) => ({ ...previous, [name]: event.target.value })),
  });

  return (
    <form className="checkout" onSubmit={place} aria-label="Checkout">
      <div className="field">
        <label htmlFor="payment-method">Payment</label>
        <select
          id="payment-method"
          className="input"
          value={paymentMethod}
          onChange={(event) => setPaymentMethod(event.target.value)}
          data-testid="payment-method"
        >
          {config?.paymentMethods.map((method) => (
            <option key={method.value} value={method.value}>
              {method.label}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="address">
        <legend>Shipping address</legend>
        <div className="field">
          <label htmlFor="address-line1">Street</label>
          <input
            id="address-line1"
            className="input"
            autoComplete="address-line1"
            {...field('line1')}
            data-testid="address-line1"
          />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="address-postal-code">Postal code</label>
            <input
              id="address-postal-code"
              className="input"
              autoComplete="postal-code"
              {...field('postalCode')}
              data-testid="address-postal-code"
            />
          </div>
          <div className="field field-grow">
            <label htmlFor="address-city">City</label>
            <input
              id="address-city"
              className="input"
              autoComplete="address-level2"
              {...field('city')}
              data-testid="address-city"
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor="country">Country</label>
          <select
            id="country"
            className="input"
            value={country}
            onChange={(event) => setCountry(event.target.value)}
            data-testid="country"
          >
            {config?.countries.map((option) => (
              <option key={option.code} value={option.code}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      {problem && <OrderProblem problem={problem} />}
      <button
        type="submit"
        className="button button-primary button-block button-large"
        disabled={placing || lines.length === 0 || !session}
        data-testid="place-order"
      >
        {placing ? 'Placing…' : 'Place order'}
      </button>
      {!session && <p className="muted small centered">Sign in to place an order.</p>}
    </form>
  );
}

function OrderProblem({ problem }: { problem: Problem }) {
  return (
    <div className="notice notice-error" role="alert" data-testid="order-error">
      <strong>{problem.title ?? 'The order was not placed'}</strong>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((error) => (
            <li key={error.field}>
              <code>{error.field}</code>: {error.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
