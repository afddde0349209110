import { STATUS_CODES } from 'node:http';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isInfrastructureFailure } from './infrastructure-failure.js';

/** One invalid field of a request, named by its JSON path (e.g. `items.0.quantity`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An HTTP error rendered as RFC 9457 problem details, with any headers it needs (Retry-After). */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super({ title, detail, errors }, status);
  }
}

export interface Problem {
  status: number;
  title: string;
  detail?: string | undefined;
  errors?: FieldProblem[] | undefined;
  headers?: Record<string, string>;
}

/** The title of a status as HTTP names it (`415` → "Unsupported Media Type"). */
export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** Answers with a problem+json body; `instance` is the request's path and query. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): void {
  const { headers = {}, ...fields } = problem;
  if (reply.sent || reply.raw.headersSent) return; // too late to answer: the error is logged
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  reply
    .code(fields.status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', ...fields, instance: request.originalUrl ?? request.url }));
}

/**
 * Renders every error as `application/problem+json` (RFC 9457): status, title, detail, the request
 * path as `instance`, and for validation errors the list of bad fields. Framework errors are
 * titled by their status. A request that failed because the database or broker is unreachable is
 * a 503 with Retry-After (logged at warn: an outage, not a bug); anything else unexpected is
 * logged and answered with a 500 that leaks nothing.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendProblem(request, reply, this.toProblem(exception));
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof ProblemException) {
      const { title, detail, errors, headers } = exception;
      return { status: exception.getStatus(), title, detail, errors, headers };
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      const status = exception.getStatus();
      return {
        status,
        title: statusTitle(status),
        detail: Array.isArray(detail) ? detail.join('; ') : typeof detail === 'string' ? detail : undefined,
      };
    }
    if (isInfrastructureFailure(exception)) {
      this.logger.warn(`answered 503, a dependency is unreachable: ${messageOf(exception)}`);
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        title: statusTitle(HttpStatus.SERVICE_UNAVAILABLE),
        detail:
          'The database or message broker is unreachable right now; retry after Retry-After seconds with the same Idempotency-Key.',
        headers: { 'Retry-After': '1' },
      };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, title: statusTitle(HttpStatus.INTERNAL_SERVER_ERROR) };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
