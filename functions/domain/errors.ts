import type { ContactEventType, Stage } from './types.ts';

/** One problem with an input: the field (dotted path) and what is wrong with it. */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Bad input. Nothing was written. The message names every field at fault. */
export class ValidationError extends Error {
  readonly kind = 'validation' as const;
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join('; '));
    this.name = 'ValidationError';
  }
  static of(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/** The lifecycle does not allow `event` in `stage`. */
export class TransitionRefused extends Error {
  readonly kind = 'transition_refused' as const;
  constructor(
    readonly stage: Stage,
    readonly event: ContactEventType,
    reason?: string,
  ) {
    super(`cannot ${event} a contact in stage ${stage}${reason ? `: ${reason}` : ''}`);
    this.name = 'TransitionRefused';
  }
}

/** The store found a newer version of the item than the one the write was based on. */
export class VersionConflict extends Error {
  readonly kind = 'conflict' as const;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was changed by someone else; reload and retry`);
    this.name = 'VersionConflict';
  }
}

export class NotFound extends Error {
  readonly kind = 'not_found' as const;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFound';
  }
}

/** A call to an outside service failed in a way worth retrying (throttling, 5xx, network). */
export class RetryableError extends Error {
  readonly kind = 'retryable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RetryableError';
  }
}

/** A call to an outside service failed for good; `operatorAlert` marks account-level trouble. */
export class PermanentError extends Error {
  readonly kind = 'permanent' as const;
  constructor(
    message: string,
    readonly code: string,
    readonly operatorAlert = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PermanentError';
  }
}
