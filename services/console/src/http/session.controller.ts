import { Body, Controller, Get, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Principal } from '@saga-shop/auth';
import { CurrentPrincipal, ProblemException, Public, ZodValidationPipe } from '@saga-shop/platform';
import type { ConsoleConfig, DevToken, Me } from '../api/console-api.js';
import { DevTokenIssuer } from '../application/dev-token-issuer.js';
import { CONSOLE_SETTINGS, type ConsoleSettings } from '../console-settings.js';

/** The payment service's documented test cards (services/payment/src/gateway/test-cards.ts). */
const paymentMethods = [
  { value: 'card_ok', label: 'card_ok — captured' },
  { value: 'card_declined', label: 'card_declined — declined by the bank' },
  { value: 'card_flaky', label: 'card_flaky — gateway fails twice, then captures' },
] as const;

/** AQ is the destination fulfilment cannot serve (services/fulfilment/src/domain/shipping-policy.ts). */
const countries = [
  { code: 'FR', label: 'France' },
  { code: 'DE', label: 'Germany' },
  { code: 'GB', label: 'United Kingdom' },
  { code: 'US', label: 'United States' },
  { code: 'AQ', label: 'Antarctica — not served' },
] as const;

const devTokenRequest = z.strictObject({
  role: z.enum(['customer', 'staff']),
  subject: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\w.@-]+$/, 'letters, digits, . _ @ -')
    .optional(),
});

@ApiTags('session')
@Controller('api')
export class SessionController {
  constructor(
    @Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings,
    private readonly issuer: DevTokenIssuer,
  ) {}

  @Get('config')
  @Public()
  async config(): Promise<ConsoleConfig> {
    return {
      devTokens: await this.issuer.available(),
      jaegerTraceUrl: this.settings.jaegerTraceUrl,
      paymentMethods,
      countries,
      opsRefreshMs: this.settings.opsRefreshMs,
    };
  }

  /** A token of the local issuer, for the sign-in buttons. 404 where the console has no key. */
  @Post('dev-token')
  @Public()
  async devToken(
    @Body(new ZodValidationPipe(devTokenRequest, 'body')) body: z.infer<typeof devTokenRequest>,
  ): Promise<DevToken> {
    if (!(await this.issuer.available())) {
      throw new ProblemException(
        404,
        'Not Found',
        'Development tokens are off: sign in with a token of your identity provider.',
      );
    }
    return this.issuer.issue(body.role, body.subject);
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentPrincipal() caller: Principal): Me {
    return { subject: caller.subject, staff: caller.isStaff };
  }
}
