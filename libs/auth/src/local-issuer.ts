import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { localIssuer } from './local-issuer-defaults.js';

/**
 * The development issuer: one signing key, generated once into the git-ignored data dir
 * (`.data/local/auth`, or a compose volume), and its public JWKS next to it for the services.
 * It stands in for an OpenID provider and signs what one would: iss, aud, sub, exp, roles.
 */
const privateKeyFile = 'signing-key.jwk.json';
const publicKeySetFile = 'jwks.json';

export interface LocalTokenRequest {
  subject: string;
  roles?: string[];
  ttlSeconds?: number;
  /** Only for tests that prove a token for another issuer or audience is refused. */
  issuer?: string;
  audience?: string;
}

/** Writes the key pair unless it exists; returns the `file://` URL of the public key set. */
export async function ensureLocalKeys(dir: string): Promise<string> {
  const jwksPath = path.join(dir, publicKeySetFile);
  try {
    await readFile(path.join(dir, privateKeyFile));
  } catch {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const { publicKey, privateKey } = await generateKeyPair(localIssuer.algorithm, { extractable: true });
    const kid = randomUUID();
    const meta = { kid, alg: localIssuer.algorithm, use: 'sig' };
    // Two first starts at once: only the one whose private key lands writes the public set.
    const created = await createExclusively(
      path.join(dir, privateKeyFile),
      { ...(await exportJWK(privateKey)), ...meta },
      0o600,
    );
    if (created)
      await writeAtomically(jwksPath, { keys: [{ ...(await exportJWK(publicKey)), ...meta }] }, 0o644);
  }
  return pathToFileURL(jwksPath).href;
}

export async function signLocalToken(dir: string, request: LocalTokenRequest): Promise<string> {
  const jwk = JSON.parse(await readFile(path.join(dir, privateKeyFile), 'utf8')) as JWK;
  const key = await importJWK(jwk, localIssuer.algorithm);
  return new SignJWT({ [localIssuer.rolesClaim]: request.roles ?? [] })
    .setProtectedHeader({ alg: localIssuer.algorithm, kid: jwk.kid ?? '', typ: 'at+jwt' })
    .setIssuer(request.issuer ?? localIssuer.issuer)
    .setAudience(request.audience ?? localIssuer.audience)
    .setSubject(request.subject)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${request.ttlSeconds ?? 3_600}s`)
    .sign(key);
}

/** A reader never sees half a key file: write a temporary file, then rename it into place. */
async function writeAtomically(file: string, content: object, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(content, null, 2) + '\n', { mode });
  await rename(temporary, file);
}

/** Like writeAtomically, but never replaces an existing file (link fails where rename would not). */
async function createExclusively(file: string, content: object, mode: number): Promise<boolean> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(content, null, 2) + '\n', { mode });
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temporary, { force: true });
  }
}
