import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationFailure, TokenVerifier } from '@saga-shop/auth';
import { ProblemException } from '../http/problem-details.filter.js';
import { PUBLIC_ROUTE, STAFF_ONLY } from './auth-metadata.js';
import type { AuthenticatedRequest } from './current-principal.decorator.js';

const realm = 'Bearer realm="saga-shop"';

/**
 * Every route needs a valid bearer token unless marked @Public (RFC 6750): none or a bad one is
 * 401 with WWW-Authenticate, a customer on a @StaffOnly route 403. Runs before any route guard,
 * so unauthenticated traffic never takes an admission slot.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { headers: Record<string, unknown> }>();
    const token = bearerTokenOf(request.headers['authorization']);
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (!(error instanceof AuthenticationFailure)) throw error;
      throw new ProblemException(401, 'Unauthorized', `Bearer token refused: ${error.message}.`, undefined, {
        'WWW-Authenticate': `${realm}, error="invalid_token", error_description="${error.message}"`,
      });
    }
    if (this.reflector.getAllAndOverride<boolean>(STAFF_ONLY, targets) && !request.principal.isStaff) {
      throw new ProblemException(403, 'Forbidden', 'Only staff may do this.', undefined, {
        'WWW-Authenticate': `${realm}, error="insufficient_scope", error_description="staff only"`,
      });
    }
    return true;
  }
}

function bearerTokenOf(header: unknown): string {
  const match = typeof header === 'string' ? /^Bearer ([\w.~+/-]+=*)$/i.exec(header.trim()) : null;
  if (!match?.[1]) {
    // RFC 6750 §3.1: a request with no credentials gets the challenge without an error code.
    throw new ProblemException(
      401,
      'Unauthorized',
      'Send an OAuth2 bearer token: Authorization: Bearer <jwt>.',
      undefined,
      {
        'WWW-Authenticate': realm,
      },
    );
  }
  return match[1];
}
