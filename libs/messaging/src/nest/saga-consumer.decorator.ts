import { Catch, Controller, UseFilters, applyDecorators, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * Nest turns an exception in an event handler into a generic error object; this filter rethrows
 * the original, so the consumer pipeline can tell a PermanentFailure from a transient error.
 */
@Catch()
class RethrowToConsumer implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** Marks a class whose @EventPattern methods consume saga events. */
export function SagaConsumer(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new RethrowToConsumer()));
}
