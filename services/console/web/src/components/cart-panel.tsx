import type { Product } from '../../../src/api/console-api.js';
import { formatMoney } from '../format.js';
import { useCart } from '../session/cart-context.js';
import { CheckoutForm } from './checkout-form.js';

export function CartPanel({ products }: { products: Product[] }) {
  const { cart, setQuantity } = useCart();
  const lines = [...cart].map(([sku, quantity]) => ({
    sku,
    quantity,
    product: products.find((product) => product.sku === sku),
  }));
  const currency = lines[0]?.product?.currency ?? 'EUR';
  const totalCents = lines.reduce((sum, line) => sum + (line.product?.priceCents ?? 0) * line.quantity, 0);

  return (
    <aside className="panel cart" data-testid="cart" aria-labelledby="cart-title">
      <h2 id="cart-title" className="panel-title">
        Cart
      </h2>
      {lines.length === 0 ? (
        <p className="muted cart-empty">Your cart is empty. Add a product to start a saga.</p>
      ) : (
        <ul className="cart-lines">
          {lines.map((line) => (
            <li key={line.sku} className="cart-line">
              <div>
                <div className="cart-line-name">{line.product?.name ?? line.sku}</div>
                <div className="muted small">
                  {line.product ? formatMoney(line.product.priceCents, line.product.currency) : ''} each
                </div>
              </div>
              <div
                className="stepper"
                role="group"
                aria-label={`Quantity of ${line.product?.name ?? line.sku}`}
              >
                <button
                  type="button"
                  className="stepper-button"
                  onClick={() => setQuantity(line.sku, line.quantity - 1)}
                  aria-label="One less"
                >
                  −
                </button>
                <span className="stepper-value" aria-live="polite">
                  {line.quantity}
                </span>
                <button
                  type="button"
                  className="stepper-button"
                  onClick={() => setQuantity(line.sku, line.quantity + 1)}
                  aria-label="One more"
                >
                  +
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className="cart-total">
        <span>Total</span>
        <strong>{formatMoney(totalCents, currency)}</strong>
      </div>
      <CheckoutForm lines={lines.map(({ sku, quantity }) => ({ sku, quantity }))} />
    </aside>
  );
}
