import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';

/** The little of Express' request and response this filter touches. */
interface HttpRequest {
  originalUrl: string;
}
interface HttpResponse {
  status(code: number): HttpResponse;
  type(contentType: string): HttpResponse;
  json(body: unknown): void;
}

/** One invalid field of a request, named by its JSON path (e.g. `items.0.quantity`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An HTTP error rendered as RFC 9457 problem details. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldProblem[],
  ) {
    super({ title, detail, errors }, status);
  }
}

/**
 * Renders every error as `application/problem+json` (RFC 9457): status, title, detail, the request
 * path as `instance`, and for validation errors the list of bad fields. Unexpected errors are
 * logged and answered with a 500 that leaks nothing.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    const problem = this.toProblem(exception);
    response
      .status(problem.status)
      .type('application/problem+json')
      .json({ type: 'about:blank', ...problem, instance: request.originalUrl });
  }

  private toProblem(exception: unknown) {
    if (exception instanceof ProblemException) {
      const { title, detail, errors } = exception;
      return { status: exception.getStatus(), title, detail, errors };
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      return {
        status: exception.getStatus(),
        title: exception.name.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2'),
        detail: Array.isArray(detail) ? detail.join('; ') : (detail as string | undefined),
      };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, title: 'Internal Server Error' };
  }
}
