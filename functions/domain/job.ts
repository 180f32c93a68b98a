/**
 * Long work run as a job (issue 9, item 2): an import or a launch of up to 10,000 contacts takes
 * longer than API Gateway waits, so the API answers 202 with a job and the jobs function runs it,
 * recording progress and the result on the job item (`GET /jobs/{jobId}` reads it).
 */

export const JOB_KINDS = ['import', 'launch'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** Where an import job finds its contacts: a file in the bucket (the request's body, or an upload). */
export interface ImportSource {
  key: string;
  mediaType: ImportMediaType;
  /**
   * How the file's contacts were found, for the rows that say neither (no source, no referred_by):
   * `event: UX Week 2026` for an attendee list (the `source` column's form; see `foundViaOfSource`).
   */
  defaultSource?: string;
}

export type ImportMediaType = 'text/csv' | 'application/json';

export interface InvalidRow {
  /** 1-based position of the contact among the file's data rows (the header row is not counted). */
  row: number;
  /** The column (CSV) or field (JSON) at fault. */
  field: string;
  message: string;
}

export interface ImportResult {
  imported: number;
  /** Addresses already in the campaign, or repeated in the file. */
  duplicates: number;
  /** Addresses on the suppression list: skipped. */
  suppressed: number;
  /** The first MAX_REPORTED_INVALID invalid rows; `invalidCount` counts them all. */
  invalid: InvalidRow[];
  invalidCount: number;
}

export interface LaunchResult {
  launched: number;
  first?: string;
  last?: string;
  stoppedByPause?: true;
  /** The outreach check of the contacts launched: how many errors and warnings, and the override that let errors through. */
  check?: { errors: number; warnings: number; overridden?: string };
}

export interface Job {
  id: string;
  kind: JobKind;
  campaignId: string;
  clientId: string;
  state: JobState;
  progress: { done: number; total: number };
  result?: ImportResult | LaunchResult;
  /** Why a failed job failed. */
  error?: { code: string; message: string };
  /** Import only: the file it reads. */
  source?: ImportSource;
  /** While `running`: the run that claimed it owns it until then (a run that died is taken over). */
  leaseUntil?: string;
  /** Runs that claimed it (1 after the first). */
  attempts?: number;
  createdAt: string;
  updatedAt: string;
}

/** A job as the API shows it: without its internal bookkeeping. */
export function publicJob(job: Job): Omit<Job, 'source' | 'leaseUntil' | 'attempts'> {
  const { source: _source, leaseUntil: _lease, attempts: _attempts, ...rest } = job;
  return rest;
}

/** Rows of one import at the most. */
export const MAX_IMPORT_ROWS = 10_000;
/** Invalid rows kept in the report (the rest are counted): the job item stays far below 400 KB. */
export const MAX_REPORTED_INVALID = 1_000;
/** A message of an invalid row is cut to this length (it may quote the cell). */
const MAX_MESSAGE = 200;
/** Progress is written every this many contacts. */
export const PROGRESS_EVERY = 500;

/** The import report, filled in row by row. */
export function makeImportReport() {
  const result: ImportResult = { imported: 0, duplicates: 0, suppressed: 0, invalid: [], invalidCount: 0 };
  return {
    result,
    invalid(row: number, field: string, message: string) {
      result.invalidCount++;
      if (result.invalid.length < MAX_REPORTED_INVALID) {
        result.invalid.push({ row, field, message: message.slice(0, MAX_MESSAGE) });
      }
    },
  };
}
