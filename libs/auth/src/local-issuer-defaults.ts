/**
 * The local issuer's identity, shared by the services' defaults, `npm run token` and the tests.
 * Production points AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL at a real OpenID provider.
 */
export const localIssuer = {
  issuer: 'saga-shop-local-issuer',
  audience: 'saga-shop',
  /** Signing algorithm of the local key (ECDSA P-256: small keys, fast verification). */
  algorithm: 'ES256',
  /** The claim that lists a principal's roles, and the role that makes it staff. */
  rolesClaim: 'roles',
  staffRole: 'staff',
} as const;
