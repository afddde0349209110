import type { Product } from '../../../src/api/console-api.js';
import { api } from '../api/client.js';
import { CartPanel } from '../components/cart-panel.js';
import { ProductCard } from '../components/product-card.js';
import { usePolling } from '../use-polling.js';

const stockRefreshMs = 2_000;

/** The catalog with live stock, and the cart that places an order (and so starts a saga). */
export function ShopPage() {
  const products = usePolling<Product[]>((signal) => api.products(signal), stockRefreshMs, 'products');
  return (
    <div className="shop-layout">
      <section aria-labelledby="catalog-title">
        <div className="section-heading">
          <div>
            <h1 id="catalog-title">Shop</h1>
            <p className="muted">Stock is live: reservations of orders in flight show as held.</p>
          </div>
        </div>
        {products.error && !products.data && (
          <p className="notice notice-error" role="alert">
            The catalog is unavailable: {products.error.message}
          </p>
        )}
        {!products.data && !products.error && <p className="muted">Loading the catalog…</p>}
        <div className="product-grid">
          {products.data?.map((product) => (
            <ProductCard key={product.sku} product={product} />
          ))}
        </div>
      </section>
      <CartPanel products={products.data ?? []} />
    </div>
  );
}
