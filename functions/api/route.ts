/**
 * What a route is: its name (the OpenAPI operationId), method, path pattern and body schema, and
 * `run`, which gets the parsed body, the path parameters, the query and the scope (`scope.ts`)
 * already resolved — so a route never looks its client up itself. One file per resource under
 * `routes/` lists its routes; `operations.ts` puts them together.
 */
import type * as z from 'zod/mini';
import type { BlobStore } from '#domain/ports/blob-store.ts';
import type { Clock } from '#domain/ports/clock.ts';
import type { Coaches } from '#domain/ports/coaches.ts';
import type { JobStore } from '#domain/ports/jobs.ts';
import type { ReputationStore } from '#domain/ports/reputation.ts';
import type { Store } from '#domain/ports/store.ts';
import type { Uploads } from '#domain/ports/uploads.ts';
import type { EraseContact } from '#usecases/erase-contact.ts';
import type { Jobs } from '#usecases/jobs.ts';
import type { ReviewReplies } from '#usecases/review-replies.ts';
import type { Workflow } from '#usecases/workflow.ts';
import type { Accepts, TextBody } from './body.ts';
import type { Caller } from './caller.ts';
import type { OutreachCheck } from './outreach-check-call.ts';
import type { QueryParameter } from './query.ts';
import type { Params } from './router.ts';
import type { Access, Scope } from './scope.ts';

/** What the routes need. Each resource's routes use their part of it. */
export interface OperationDeps {
  store: Store;
  workflow: Pick<
    Workflow,
    | 'launchCampaign'
    | 'pauseCampaign'
    | 'resumeCampaign'
    | 'approveContact'
    | 'pauseContact'
    | 'resumeContact'
    | 'unsubscribeContact'
    | 'bookMeeting'
    | 'rescheduleMeeting'
    | 'cancelMeeting'
    | 'markMeetingHeld'
    | 'markMeetingNotHeld'
    | 'addPersonalLine'
    | 'writeUpdate'
  >;
  clock: Clock;
  /** Import and launch run as jobs: their items, and how one is submitted (written and started). */
  jobs: JobStore;
  submitJob: Jobs['submit'];
  /** Import files: kept in the bucket for the job, or uploaded there by a presigned PUT. */
  blobs: Pick<BlobStore, 'put' | 'get'>;
  /** Presigned uploads (the client's resume, a large import file), checked when they are used. */
  uploads: Uploads;
  eraseContact: EraseContact;
  /** The coaches' sign-ins (the Cognito user pool): absent where coach logins are not set up. */
  coaches?: Coaches;
  /** The reply review queue (`routes/review.ts`). */
  reviewReplies?: ReviewReplies;
  /** The consultancy's sending stop and counts (`routes/sending.ts`; every deployment passes it). */
  reputation?: Pick<ReputationStore, 'sendingStop' | 'resumeSending' | 'counts'>;
  /**
   * The launch's outreach check, by the preview function (`outreach-check-call.ts`): errors refuse the
   * launch before any job starts. Absent: only the launch job checks (and fails on errors).
   */
  outreachCheck?: OutreachCheck;
}

export interface Outcome {
  status: number;
  body: unknown;
  /** A body that is not JSON (`body` is its text), e.g. `text/csv; charset=utf-8`. */
  contentType?: string;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type SuccessStatus = 200 | 201 | 202 | 204;

export interface Route<T = unknown> {
  /** The operation's name (its OpenAPI operationId). */
  name: string;
  /** One line for the OpenAPI document. */
  summary?: string;
  /** The status of its success (documented in OpenAPI): 201 for a create, 202 for a job. @default 200 */
  status?: SuccessStatus;
  method: Method;
  pattern: string;
  /**
   * Who may call it (checked by `scope.ts`): `signed-in` (the default: any caller, a coach only on
   * their own clients), `admin` (admins and IAM callers), `consultancy` (not tied to one client: the
   * review queue's lists, unmatched messages — admins only too), `public` (no sign-in: the OpenAPI document).
   */
  access?: Access;
  body: z.ZodMiniType<T>;
  /** Media types it takes as text, and its own body size limit (`body.ts`). */
  accepts?: Accepts;
  /** The query parameters it reads (for the OpenAPI document; `query.ts` checks them). */
  query?: QueryParameter[];
  /** Media types it answers besides JSON (for the OpenAPI document), e.g. `text/csv`. */
  produces?: string[];
  run(input: {
    /** `undefined` when the body came as one of `accepts.text` (then `text`). */
    body: T;
    text?: TextBody;
    params: Params;
    query: Record<string, string | undefined>;
    scope: Scope;
    /** The caller (`caller.ts`); absent only on a `public` route. */
    caller?: Caller;
    /** The request's `Accept` header, when it sent one. */
    accept?: string;
  }): Promise<Outcome>;
}

/** A route whose run is typed by its schema. */
export function route<T>(r: Route<T>): Route<unknown> {
  return r as Route<unknown>;
}

/** The scope's entity of a route whose pattern names it (`scope.ts` has thrown NotFound otherwise). */
export function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('route scope not resolved');
  return value;
}
