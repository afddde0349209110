import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { keySetAt } from './key-set.js';
import { AuthenticationFailure, type Principal } from './principal.js';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Dotted path of the claim that lists roles: `roles`, or Keycloak's `realm_access.roles`. */
  rolesClaim: string;
  staffRole: string;
}

/**
 * Asymmetric algorithms only. An allow-list is what stops `alg: none` and the classic confusion
 * attack (an HS256 token "signed" with the public key): jose refuses any other `alg` outright.
 */
const acceptedAlgorithms = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];
/** Clocks of the issuer and the service may disagree this much. */
const clockToleranceSeconds = 30;

/** Verifies OAuth2 bearer access tokens (JWT) against one issuer, audience and key set. */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: TokenVerifierOptions) {
    this.keys = keySetAt(options.jwksUrl);
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: acceptedAlgorithms,
        clockTolerance: clockToleranceSeconds,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw new AuthenticationFailure(reasonFor(error));
    }
    const subject = payload.sub ?? '';
    if (!/^[\w.@:-]{1,64}$/.test(subject)) {
      throw new AuthenticationFailure('the token subject must be 1-64 letters, digits or . _ @ : -');
    }
    return { subject, isStaff: rolesIn(payload, this.options.rolesClaim).includes(this.options.staffRole) };
  }
}

function rolesIn(payload: JWTPayload, claimPath: string): string[] {
  let value: unknown = payload;
  for (const part of claimPath.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  if (typeof value === 'string') return value.split(' ');
  return Array.isArray(value) ? value.filter((role): role is string => typeof role === 'string') : [];
}

/** A short reason for WWW-Authenticate's error_description; details stay out of the answer. */
function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with an accepted algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return 'the token is not signed by the configured issuer';
  }
  if (error instanceof errors.JOSEError) return 'the token is malformed';
  throw error; // the key set could not be read: an outage, not the caller's fault
}
