import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@saga-shop/auth';

/** The request's verified principal, set by BearerAuthGuard (absent on @Public routes). */
export interface AuthenticatedRequest {
  principal?: Principal;
}

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
