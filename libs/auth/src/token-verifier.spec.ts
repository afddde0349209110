import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { ensureLocalKeys, signLocalToken } from './local-issuer.js';
import { localIssuer } from './local-issuer-defaults.js';
import { TokenVerifier } from './token-verifier.js';

let dir: string;
let verifier: TokenVerifier;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'saga-auth-'));
  const jwksUrl = await ensureLocalKeys(dir);
  verifier = new TokenVerifier({ ...localIssuer, jwksUrl });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A token like the local issuer's, but signed with a key that is not in the JWKS. */
async function signedByAnotherKey(): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT({ roles: ['staff'] })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(localIssuer.issuer)
    .setAudience(localIssuer.audience)
    .setSubject('mallory')
    .setExpirationTime('1h')
    .sign(privateKey);
}

describe('TokenVerifier', () => {
  it('accepts a customer token and a staff token from the local issuer', async () => {
    await expect(verifier.verify(await signLocalToken(dir, { subject: 'c-42' }))).resolves.toEqual({
      subject: 'c-42',
      isStaff: false,
    });
    const staff = await signLocalToken(dir, { subject: 'ops', roles: ['staff'] });
    await expect(verifier.verify(staff)).resolves.toEqual({ subject: 'ops', isStaff: true });
  });

  it('keeps the same key across calls (generated once)', async () => {
    const before = await signLocalToken(dir, { subject: 'c-1' });
    await ensureLocalKeys(dir);
    await expect(verifier.verify(before)).resolves.toMatchObject({ subject: 'c-1' });
  });

  it.each([
    ['an expired token', () => signLocalToken(dir, { subject: 'c-42', ttlSeconds: -120 }), /expired/],
    ['a token signed by another key', signedByAnotherKey, /not signed by the configured issuer/],
    [
      'alg: none',
      async () =>
        new UnsecuredJWT({ roles: ['staff'] })
          .setIssuer(localIssuer.issuer)
          .setAudience(localIssuer.audience)
          .setSubject('mallory')
          .setExpirationTime('1h')
          .encode(),
      /accepted algorithm/,
    ],
    ['garbage', async () => 'not.a.jwt', /malformed/],
  ])('refuses %s', async (_case, token, why) => {
    await expect(verifier.verify(await token())).rejects.toThrow(why);
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const token = await signLocalToken(dir, { subject: 'c-42' });
    const jwksUrl = await ensureLocalKeys(dir);
    const otherAudience = new TokenVerifier({ ...localIssuer, jwksUrl, audience: 'billing' });
    await expect(otherAudience.verify(token)).rejects.toThrow(/aud claim/);
    const otherIssuer = new TokenVerifier({ ...localIssuer, jwksUrl, issuer: 'https://login.example.com' });
    await expect(otherIssuer.verify(token)).rejects.toThrow(/iss claim/);
  });

  it('reads roles from a nested claim such as Keycloak realm_access.roles', async () => {
    const jwksUrl = await ensureLocalKeys(dir);
    const nested = new TokenVerifier({ ...localIssuer, jwksUrl, rolesClaim: 'realm_access.roles' });
    const staff = await signLocalToken(dir, { subject: 'ops', roles: ['staff'] });
    await expect(nested.verify(staff)).resolves.toEqual({ subject: 'ops', isStaff: false });
  });
});
