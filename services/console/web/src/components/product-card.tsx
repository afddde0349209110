import type { Product } from '../../../src/api/console-api.js';
import { formatMoney } from '../format.js';
import { useCart } from '../session/cart-context.js';

function stockLevel(available: number): { label: string; tone: string } {
  if (available <= 0) return { label: 'Out of stock', tone: 'stock-out' };
  if (available < 5) return { label: `Only ${available} left`, tone: 'stock-low' };
  return { label: `${available} in stock`, tone: 'stock-ok' };
}

export function ProductCard({ product }: { product: Product }) {
  const { cart, add } = useCart();
  const inCart = cart.get(product.sku) ?? 0;
  const stock = stockLevel(product.available);
  return (
    <article className="product-card" data-testid={`product-${product.sku}`} aria-label={product.name}>
      <div className="product-art" aria-hidden="true">
        {product.name.slice(0, 1)}
      </div>
      <div className="product-body">
        <h2 className="product-name">{product.name}</h2>
        <p className="product-sku">{product.sku}</p>
        <p className="product-price">{formatMoney(product.priceCents, product.currency)}</p>
        <p className="product-stock">
          <span className={`stock-dot ${stock.tone}`} aria-hidden="true" />
          {stock.label}
          {product.reserved > 0 && <span className="muted"> · {product.reserved} held</span>}
        </p>
      </div>
      <button
        type="button"
        className="button button-primary button-block"
        onClick={() => add(product.sku)}
        data-testid={`add-${product.sku}`}
        aria-label={`Add ${product.name} to the cart`}
      >
        {inCart > 0 ? `Add another (${inCart} in cart)` : 'Add to cart'}
      </button>
    </article>
  );
}
