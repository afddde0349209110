import { access } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Inject, Injectable } from '@nestjs/common';
import { signLocalToken } from '@saga-shop/auth';
import type { ServiceConfig } from '@saga-shop/config';
import { SERVICE_CONFIG } from '@saga-shop/platform';
import type { DevToken } from '../api/console-api.js';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings.js';

const ttlSeconds = 8 * 3_600;
/** The local issuer's key file (libs/auth/src/local-issuer.ts) next to its public key set. */
const signingKeyFile = 'signing-key.jwk.json';

/**
 * Signs tokens of the local development issuer for the console's sign-in buttons: only where the
 * services trust that issuer (AUTH_JWKS_URL is its file:// key set) and its key is readable here.
 * Against a real identity provider there is no key to read, and the console asks for a token.
 */
@Injectable()
export class DevTokenIssuer {
  private readonly keyDir: string | null;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CONSOLE_SETTINGS) settings: ConsoleSettings,
  ) {
    const jwks = config.auth.jwksUrl;
    this.keyDir = settings.devTokens && jwks.startsWith('file:') ? path.dirname(fileURLToPath(jwks)) : null;
  }

  async available(): Promise<boolean> {
    if (!this.keyDir) return false;
    return access(path.join(this.keyDir, signingKeyFile)).then(
      () => true,
      () => false,
    );
  }

  async issue(role: 'customer' | 'staff', subject?: string): Promise<DevToken> {
    const name = subject ?? (role === 'staff' ? 'staff-1' : 'c-42');
    const roles = role === 'staff' ? [this.config.auth.staffRole] : [];
    const token = await signLocalToken(this.keyDir ?? '', {
      subject: name,
      roles,
      ttlSeconds,
      issuer: this.config.auth.issuer,
      audience: this.config.auth.audience,
    });
    return {
      token,
      subject: name,
      roles,
      expiresAt: new Date(Date.now() + ttlSeconds * 1_000).toISOString(),
    };
  }
}
