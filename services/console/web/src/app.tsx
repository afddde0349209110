import type { ReactNode } from 'react';
import { AppHeader } from './components/app-header.js';
import { OpsPage } from './pages/ops-page.js';
import { OrderPage } from './pages/order-page.js';
import { OrdersPage } from './pages/orders-page.js';
import { ShopPage } from './pages/shop-page.js';
import { TracePage } from './pages/trace-page.js';
import { usePath } from './router.js';
import { CartProvider } from './session/cart-context.js';
import { SessionProvider } from './session/session-context.js';

/** The pages the console serves (src/http/web-app.controller.ts lists the same paths). */
function pageFor(path: string): ReactNode {
  if (path === '/') return <ShopPage />;
  if (path === '/orders') return <OrdersPage />;
  if (path === '/ops') return <OpsPage />;
  const orderId = /^\/orders\/([^/]+)$/.exec(path)?.[1];
  if (orderId) return <OrderPage key={orderId} orderId={decodeURIComponent(orderId)} />;
  const traceId = /^\/traces\/([^/]+)$/.exec(path)?.[1];
  if (traceId) return <TracePage key={traceId} traceId={decodeURIComponent(traceId)} />;
  return (
    <section className="panel empty-state">
      <h1>Page not found</h1>
      <p>There is nothing at {path}.</p>
    </section>
  );
}

export function App() {
  const path = usePath();
  return (
    <SessionProvider>
      <CartProvider>
        <AppHeader path={path} />
        <main className="page" id="main">
          {pageFor(path)}
        </main>
      </CartProvider>
    </SessionProvider>
  );
}
