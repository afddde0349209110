import { Catch, Controller, UseFilters, applyDecorators, type RpcExceptionFilter } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';
import type { Topic } from '@saga-shop/contracts';

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

/** Marks a class whose @SagaReaction methods consume saga events. */
export function SagaConsumer(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new RethrowToConsumer()));
}

/**
 * The reaction to one topic's events: `(@Payload() event, @Ctx() batch: SagaEventContext<State>)`,
 * returning the events it emits. An event pattern whose pattern is the topic (no request-reply).
 */
export function SagaReaction(topic: Topic): MethodDecorator {
  return EventPattern<string>(topic);
}
