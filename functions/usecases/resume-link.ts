/**
 * A resume link opened (resume mode `link`): the signed token checked against the clock, then the
 * PDF read from the bucket. Valid for `resumeLinkDays` from the send; a tampered, foreign or
 * expired token reads nothing.
 */
import { NotFound } from '#domain/errors.ts';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { Clock } from '#domain/ports/clock.ts';
import { type KeyRingSource, verifyingSecret } from '#mail/key-ring.ts';
import { verifyResumeToken } from '#mail/resume-token.ts';
import { UPLOAD_PREFIXES } from '#shared/uploads.ts';

export interface ResumeLinkDeps {
  blobs: Pick<BlobStore, 'get'>;
  clock: Clock;
  /** The unsubscribe key ring: a resume link's key is derived from the ring key it names. */
  keys: KeyRingSource;
}

export type ResumeLinkOutcome =
  | { outcome: 'resume'; pdf: Buffer }
  | { outcome: 'expired' }
  | { outcome: 'invalid' }
  | { outcome: 'gone' };

export function makeResumeLink(deps: ResumeLinkDeps) {
  return async function open(token: unknown): Promise<ResumeLinkOutcome> {
    const now = deps.clock.now();
    const ring = await deps.keys.ring();
    const check = verifyResumeToken(token, (id) => verifyingSecret(ring, id, now), now);
    if (check.outcome !== 'valid') return { outcome: check.outcome };
    // Only a resume: a key signed for anything else is refused even with a good signature.
    if (!check.link.resumeKey.startsWith(UPLOAD_PREFIXES.resumes)) return { outcome: 'invalid' };
    try {
      return { outcome: 'resume', pdf: await deps.blobs.get(check.link.resumeKey) };
    } catch (error) {
      if (error instanceof NotFound) return { outcome: 'gone' };
      throw error;
    }
  };
}

export type ResumeLink = ReturnType<typeof makeResumeLink>;
