import { Link } from '../router.js';
import { SignInPanel } from '../session/sign-in-panel.js';

const sections = [
  { to: '/', label: 'Shop', testId: 'nav-shop', active: (path: string) => path === '/' },
  {
    to: '/orders',
    label: 'Orders',
    testId: 'nav-orders',
    active: (path: string) => path.startsWith('/orders') || path.startsWith('/traces'),
  },
  { to: '/ops', label: 'Operations', testId: 'nav-ops', active: (path: string) => path === '/ops' },
];

export function AppHeader({ path }: { path: string }) {
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="app-header-inner">
        <Link to="/" className="brand" aria-label="saga-shop console, home">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          <span className="brand-name">
            saga-shop <span className="brand-product">console</span>
          </span>
        </Link>
        <nav className="main-nav" aria-label="Main">
          {sections.map((section) => (
            <Link
              key={section.to}
              to={section.to}
              className="main-nav-link"
              aria-current={section.active(path) ? 'page' : undefined}
              data-testid={section.testId}
            >
              {section.label}
            </Link>
          ))}
        </nav>
        <SignInPanel />
      </div>
    </header>
  );
}
