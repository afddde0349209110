// npm run token -- customer <customerId> | staff [<name>] [--ttl <seconds>]
//   Prints a bearer token from the local issuer, for curl: -H "Authorization: Bearer $(npm run -s token -- customer c-42)".
// npm run token -- init
//   Generates the signing key once (`npm run infra -- up` does it); prints the JWKS URL.
// The key lives in $SAGA_AUTH_DIR, by default .data/local/auth: where the services' default
// AUTH_JWKS_URL points. In compose, the `token` one-shot runs this with the key on a volume.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureLocalKeys, localIssuer, signLocalToken } from '@saga-shop/auth';

const root = path.resolve(import.meta.dirname, '..');
const dir =
  process.env['SAGA_AUTH_DIR'] ??
  path.join(process.env['SAGA_DATA_DIR'] ?? path.join(root, '.data/local'), 'auth');

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { ttl: { type: 'string', default: '3600' } },
});
const [kind, subject] = positionals;
const ttlSeconds = Number(values.ttl);

function usage(): never {
  console.error('usage: npm run token -- customer <customerId> | staff [<name>] [--ttl <seconds>] | init');
  process.exit(2);
}

if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) usage();
const jwksUrl = await ensureLocalKeys(dir);
if (kind === 'init') {
  console.log(jwksUrl);
} else if (kind === 'customer' && subject) {
  console.log(await signLocalToken(dir, { subject, ttlSeconds }));
} else if (kind === 'staff') {
  console.log(
    await signLocalToken(dir, { subject: subject ?? 'staff', roles: [localIssuer.staffRole], ttlSeconds }),
  );
} else {
  usage();
}
