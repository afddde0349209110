import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';

/** Re-reading a local key file on an unknown `kid` is cheap, but never more often than this. */
const fileReloadCooldownMs = 5_000;

/**
 * The verification keys behind AUTH_JWKS_URL. `https://` is an OpenID provider's `jwks_uri`
 * (jose caches it and refetches on an unknown `kid`); `file://` is the local issuer's public key
 * set, written by `npm run token -- init`, re-read the same way when a token names a new key.
 */
export function keySetAt(url: string): JWTVerifyGetKey {
  const parsed = new URL(url);
  if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return createRemoteJWKSet(parsed);
  if (parsed.protocol !== 'file:')
    throw new Error(`AUTH_JWKS_URL must be https://, http:// or file://, got ${url}`);
  return fileKeySet(fileURLToPath(parsed));
}

function fileKeySet(file: string): JWTVerifyGetKey {
  let current: { getKey: JWTVerifyGetKey; loadedAt: number } | undefined;
  const load = async () => {
    let jwks: JSONWebKeySet;
    try {
      jwks = JSON.parse(await readFile(file, 'utf8')) as JSONWebKeySet;
    } catch (error) {
      throw new Error(
        `cannot read the JWKS at ${file} (run \`npm run token -- init\`): ${(error as Error).message}`,
      );
    }
    current = { getKey: createLocalJWKSet(jwks), loadedAt: Date.now() };
    return current.getKey;
  };
  return async (header, token) => {
    const getKey = current?.getKey ?? (await load());
    try {
      return await getKey(header, token);
    } catch (error) {
      const stale = current && Date.now() - current.loadedAt > fileReloadCooldownMs;
      if (!(error instanceof errors.JWKSNoMatchingKey) || !stale) throw error;
      return (await load())(header, token);
    }
  };
}
