import { VersionConflict } from './errors.ts';

/** How many times a read-decide-write round is tried when someone else changed the item meanwhile. */
export const MAX_CONFLICT_RETRIES = 5;

/**
 * Runs `round` (read, decide, conditional write) again while it fails with a `VersionConflict` on
 * `entity`, at most `attempts` times; any other error, or the last conflict, is thrown. The one
 * optimistic-locking loop of the code base: every read-modify-write on a versioned item goes through it.
 */
export async function retryOnConflict<T>(
  entity: string,
  round: (attempt: number) => Promise<T>,
  attempts = MAX_CONFLICT_RETRIES,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await round(attempt);
    } catch (error) {
      const stale = error instanceof VersionConflict && error.entity === entity;
      if (!stale || attempt >= attempts) throw error;
    }
  }
}
