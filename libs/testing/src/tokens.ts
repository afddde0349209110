import path from 'node:path';
import { ensureLocalKeys, signLocalToken } from '@saga-shop/auth';
import { workspaceRoot } from './workspace.js';

/**
 * Bearer tokens from the local issuer, as `npm run token` prints them. The key lives where the
 * services' default AUTH_JWKS_URL points (SAGA_AUTH_DIR overrides both). Tokens are cached per
 * subject and live four hours, longer than any suite.
 */
export const localAuthDir =
  process.env['SAGA_AUTH_DIR'] ??
  path.join(process.env['SAGA_DATA_DIR'] ?? path.join(workspaceRoot, '.data/local'), 'auth');

const cache = new Map<string, Promise<string>>();

export function tokenFor(subject: string, { staff = false } = {}): Promise<string> {
  const cacheKey = `${staff ? 'staff' : 'customer'}:${subject}`;
  let token = cache.get(cacheKey);
  if (!token) {
    token = ensureLocalKeys(localAuthDir).then(() =>
      signLocalToken(localAuthDir, { subject, roles: staff ? ['staff'] : [], ttlSeconds: 4 * 3_600 }),
    );
    cache.set(cacheKey, token);
  }
  return token;
}

/** `{ authorization: 'Bearer …' }` for a customer, or for staff with `{ staff: true }`. */
export async function bearer(
  subject: string,
  options: { staff?: boolean } = {},
): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await tokenFor(subject, options)}` };
}

/** The operator the tests act as when they restock or read what only staff may. */
export const staffBearer = () => bearer('test-operator', { staff: true });
