import middy from '@middy/core';
import type * as z from 'zod/mini';
import { ValidationError } from '#domain/errors.ts';
import { issuesFromZod } from '#domain/validation.ts';
import { type LambdaContextFields, logger } from '#shared/logger.ts';

/** A parser for a zod/mini schema: the data, or a ValidationError naming each bad field. */
export function schemaParser<T>(schema: z.ZodMiniType<T>): (event: unknown) => T {
  return (event) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error, ''));
    return parsed.data;
  };
}

/**
 * Middleware: the raw event is replaced by its parsed form before the handler runs. A malformed event
 * is a bug upstream (ours or AWS's): it is logged with the fields named and refused loudly — nothing
 * is done, and the invocation's retries end in the dead-letter queue.
 */
export function parseEvent<T>(parse: (event: unknown) => T): middy.MiddlewareObj {
  return {
    before(request) {
      try {
        request.event = parse(request.event);
      } catch (error) {
        if (error instanceof ValidationError) logger.error('event refused', { issues: error.issues });
        throw error;
      }
    },
  };
}

/**
 * Middleware: the Lambda context on every log line of the invocation, and the keys a handler
 * appended cleared after it (a warm container's next event never logs the last contact's id).
 */
export function lambdaContextOnLogs(): middy.MiddlewareObj {
  const clear = async () => logger.resetKeys();
  return {
    before(request) {
      logger.resetKeys();
      logger.addContext(request.context as unknown as LambdaContextFields);
    },
    after: clear,
    onError: clear,
  };
}

/**
 * A function's Lambda handler: the Lambda context on every log line and the keys a handler appended
 * cleared after each invocation (`resetKeys`: a warm container's next event never logs the last
 * contact's id), then the event parsed, then `handle` with the parsed input.
 */
export function lambdaHandler<T, R>(parse: (event: unknown) => T, handle: (input: T) => Promise<R>) {
  return (
    middy<unknown, R>()
      .use(lambdaContextOnLogs())
      .use(parseEvent(parse))
      // parseEvent has replaced the event with its parsed form.
      .handler((event) => handle(event as T))
  );
}
