/**
 * A campaign: its figures, launch / pause / resume, the pipeline board (a column per stage; a card:
 * name, company, the next email at the contact's time and the viewer's), the prospects waiting for
 * approval, the CSV import with its row report, and the settings (the send window as local times).
 */

import { useState } from 'preact/hooks';
import type { ContactSummary } from '#domain/contact-view.ts';
import type { ImportResult, Job, LaunchResult } from '#domain/job.ts';
import { personalWindowOf } from '#domain/personal-window.ts';
import { awaitsApproval } from '#domain/referrals.ts';
import type { Campaign, Client, Contact, SendWindow } from '#domain/types.ts';
import { ApiProblem, api, errorFor, formError } from '../api.ts';
import { formatIn, localToIso, partsIn, viewerZone } from '../time.ts';
import { Busy, ErrorNote, Field, refreshAll, Status, submitTo, useAction, useLoad } from '../ui.tsx';
import { CampaignFigures } from './client.tsx';
import { FunnelView } from './funnel.tsx';

interface Board {
  campaignId: string;
  total: number;
  columns: {
    stage: string;
    count: number;
    items: ContactSummary[];
    cursor?: string;
  }[];
}

/** The stages a campaign's contacts go through in order: shown even when empty. */
const MAIN_STAGES = new Set(['queued', 'contacted', 'replied', 'meeting_booked', 'confirmed', 'met']);

const stageName = (stage: string) => stage.replace(/_/g, ' ');

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Follows a job until it is done; `onProgress` sees each state. */
export async function followJob(job: Job, onProgress: (job: Job) => void): Promise<Job> {
  let current = job;
  while (current.state === 'queued' || current.state === 'running') {
    onProgress(current);
    await wait(400);
    current = await api<Job>('GET', `/jobs/${current.id}`);
  }
  onProgress(current);
  return current;
}

function Card({ c }: { c: Board['columns'][number]['items'][number] }) {
  const viewer = viewerZone();
  return (
    <li class="card" data-contact={c.id}>
      <a href={`#/contacts/${c.id}`}>{c.name}</a>
      {c.company ? <div>{c.company}</div> : null}
      {c.nextEmail ? (
        <div class="next">
          <span>Next: {c.nextEmail.step}</span>
          {c.timeZone ? (
            <span>
              {formatIn(c.nextEmail.at, c.timeZone)} their time ({c.timeZone})
            </span>
          ) : null}
          <span>{formatIn(c.nextEmail.at, viewer)} your time</span>
        </div>
      ) : (
        <div class="muted">No email planned</div>
      )}
    </li>
  );
}

export function BoardView({ campaignId }: { campaignId: string }) {
  const board = useLoad(() => api<Board>('GET', `/campaigns/${campaignId}/board`), [campaignId]);
  return (
    <section aria-labelledby="board-title">
      <h2 id="board-title">
        Pipeline{' '}
        <button type="button" class="secondary small" onClick={board.reload} disabled={board.loading}>
          {board.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </h2>
      <Status loaded={board} what="the board">
        {(b) => (
          <div class="board">
            {b.columns
              .filter((col) => col.count > 0 || MAIN_STAGES.has(col.stage))
              .map((col) => (
                <section
                  key={col.stage}
                  class="column"
                  aria-label={`${stageName(col.stage)}: ${col.count}`}
                  data-stage={col.stage}
                >
                  <h3>
                    {stageName(col.stage)} <span class="badge">{col.count}</span>
                  </h3>
                  <ul>
                    {col.items.map((c) => (
                      <Card key={c.id} c={c} />
                    ))}
                  </ul>
                  {col.cursor ? <p class="muted">…and {col.count - col.items.length} more</p> : null}
                </section>
              ))}
          </div>
        )}
      </Status>
    </section>
  );
}

function JobLine({ job }: { job?: Job }) {
  if (!job) return null;
  return (
    <p role="status">
      {job.kind} job: {job.state}
      {job.state === 'running' ? ` (${job.progress.done}/${job.progress.total})` : ''}
      {job.error ? ` — ${job.error.message}` : ''}
    </p>
  );
}

function ImportReport({ result }: { result: ImportResult }) {
  return (
    <div>
      <p>
        Imported {result.imported} · duplicates {result.duplicates} · suppressed {result.suppressed} · invalid{' '}
        {result.invalidCount}
      </p>
      {result.invalid.length > 0 ? (
        <table>
          <caption>Rows not imported</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {result.invalid.map((r) => (
              <tr key={`${r.row}-${r.field}`}>
                <td>{r.row}</td>
                <td>{r.field}</td>
                <td>{r.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function ImportForm({ campaignId }: { campaignId: string }) {
  const importing = useAction(async (file: File, source: string, setJob: (j: Job) => void) => {
    const text = await file.text();
    const query = source.trim() === '' ? '' : `?source=${encodeURIComponent(source.trim())}`;
    const { job } = await api<{ job: Job }>('POST', `/campaigns/${campaignId}/imports${query}`, {
      raw: { content: text, contentType: 'text/csv' },
    });
    const done = await followJob(job, setJob);
    refreshAll();
    return done;
  });
  const [latest, setLatest] = useState<Job>();
  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import contacts (CSV)</h2>
      <form
        aria-label="Import contacts"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget.elements;
          const file = (form.namedItem('file') as HTMLInputElement).files?.[0];
          if (!file) {
            importing.setError(new Error('Choose a CSV file first.'));
            return;
          }
          void importing.go(file, (form.namedItem('source') as HTMLInputElement).value, setLatest);
        }}
      >
        <Field
          label="CSV file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          hint="Columns: email, first name, last name, company, role, time zone, country, source, referred by, notes (any case or spelling: First Name, firstName, first_name)"
          error={importing.error}
          errorName="body"
        />
        <Field
          label="Source, for rows without one (optional)"
          name="source"
          hint='How these contacts were found, e.g. "event: UX Week 2026" for an attendee list'
          error={importing.error}
          errorName="source"
        />
        <ErrorNote error={formError(importing.error, ['body', 'source'])} />
        <Busy busy={importing.busy}>Import</Busy>
      </form>
      <JobLine job={importing.done ?? latest} />
      {importing.done?.state === 'succeeded' ? (
        <ImportReport result={importing.done.result as ImportResult} />
      ) : null}
    </section>
  );
}

function Approvals({ campaignId }: { campaignId: string }) {
  const prospects = useLoad(
    () => api<{ items: Contact[] }>('GET', `/campaigns/${campaignId}/contacts?stage=prospect&limit=100`),
    [campaignId],
  );
  const approve = useAction(async (id: string) => {
    await api('POST', `/contacts/${id}/approve`);
    refreshAll();
  });
  return (
    <section aria-labelledby="approve-title">
      <h2 id="approve-title">Waiting for approval</h2>
      <Status loaded={prospects} what="prospects">
        {(data) => {
          const waiting = data.items.filter(awaitsApproval);
          return waiting.length === 0 ? (
            <p class="muted">No referred prospects wait for approval.</p>
          ) : (
            <ul class="cards">
              {waiting.map((c) => (
                <li key={c.id} class="card">
                  <a href={`#/contacts/${c.id}`}>
                    {c.firstName} {c.lastName}
                  </a>{' '}
                  {c.company ? `· ${c.company}` : ''} · referred by {c.foundVia.name}{' '}
                  <button type="button" onClick={() => void approve.go(c.id)} disabled={approve.busy}>
                    Approve
                  </button>
                </li>
              ))}
            </ul>
          );
        }}
      </Status>
      <ErrorNote error={approve.error} />
    </section>
  );
}

const DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The window's start and end today in `zone`, read in the viewer's zone; undefined when the zones agree. */
function windowInViewer(campaign: Campaign, zone: string): string | undefined {
  const { start, end } = campaign.policy.sendWindow;
  const viewer = viewerZone();
  if (viewer === zone) return undefined;
  const today = partsIn(Date.now(), zone).date;
  const at = (hhmm: string) => partsIn(Date.parse(localToIso(today, hhmm, zone) ?? ''), viewer).time;
  return `${at(start)}–${at(end)} your time (${viewer})`;
}

/**
 * A window's days as checkboxes named `name` (`1` = Monday … `7` = Sunday); the API's message about
 * `field` (e.g. "needs at least one weekday") under them.
 */
function DaysField({
  legend,
  name,
  window,
  error,
  field,
}: {
  legend: string;
  name: string;
  window: SendWindow;
  error: unknown;
  field: string;
}) {
  const message = errorFor(error, field);
  return (
    <fieldset>
      <legend>{legend}</legend>
      {DAYS.slice(1).map((d, i) => (
        <label key={d} class="inline">
          <input
            type="checkbox"
            name={name}
            value={String(i + 1)}
            defaultChecked={window.days.includes((i + 1) as never)}
          />{' '}
          {d}
        </label>
      ))}
      {message ? <small class="error">{message}</small> : null}
    </fieldset>
  );
}

/** A window's opening and closing times (`<prefix>start`, `<prefix>end`), the API's messages about `<field>.start` / `.end` next to them. */
function WindowTimes({
  label,
  prefix,
  window,
  error,
  field,
}: {
  label: string;
  prefix: string;
  window: SendWindow;
  error: unknown;
  field: string;
}) {
  return (
    <>
      {(['start', 'end'] as const).map((edge) => (
        <Field
          key={edge}
          label={`${label} ${edge === 'start' ? 'opens' : 'closes'} (contact's time)`}
          name={`${prefix}${edge}`}
          type="time"
          defaultValue={window[edge]}
          error={error}
          errorName={`${field}.${edge}`}
        />
      ))}
    </>
  );
}

/** A window from the form's `<prefix>days`, `<prefix>start`, `<prefix>end` fields. */
function windowFrom(data: FormData, prefix = '') {
  return {
    days: data.getAll(`${prefix}days`).map((d) => Number(d)),
    start: String(data.get(`${prefix}start`)),
    end: String(data.get(`${prefix}end`)),
  };
}

function Settings({ campaign, client }: { campaign: Campaign; client?: Client }) {
  const w = campaign.policy.sendWindow;
  const personal = personalWindowOf(campaign.policy);
  const save = useAction(async (form: HTMLFormElement) => {
    const data = new FormData(form);
    await api('PATCH', `/campaigns/${campaign.id}`, {
      body: {
        policy: {
          sendWindow: windowFrom(data),
          personalWindow: windowFrom(data, 'personal-'),
          dailyCapPerSender: Number(data.get('dailyCapPerSender')),
        },
      },
    });
    refreshAll();
    return true;
  });
  const inViewer = client ? windowInViewer(campaign, client.timeZone) : undefined;
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <p>
        Emails go out {w.days.map((d) => DAYS[d]).join(', ')}, {w.start}–{w.end} in each contact's own time
        zone
        {client ? (
          <>
            ; for a contact in the client's zone ({client.timeZone}) that is{' '}
            {inViewer ?? `${w.start}–${w.end} your time too`}
          </>
        ) : null}
        . Follow-ups after {campaign.policy.followUpBusinessDays.join(' and ')} business days; at most{' '}
        {campaign.policy.dailyCapPerSender} outreach emails a day, {campaign.policy.staggerMinutes} minutes
        apart.
      </p>
      <form aria-label="Send window" class="grid-form" onSubmit={submitTo(save.go)}>
        <WindowTimes label="Window" prefix="" window={w} error={save.error} field="policy.sendWindow" />
        <Field
          label="Outreach emails per day at most"
          name="dailyCapPerSender"
          type="number"
          min="1"
          defaultValue={String(campaign.policy.dailyCapPerSender)}
          error={save.error}
          errorName="policy.dailyCapPerSender"
        />
        <DaysField legend="Days" name="days" window={w} error={save.error} field="policy.sendWindow.days" />
        <fieldset class="grid-form wide">
          <legend>Personal window (thank-you and referrer notes)</legend>
          <p class="muted">
            Thank-you notes go out {campaign.policy.thankYouDelayHours} hours after the meeting, inside this
            window, within 24 hours.
          </p>
          <WindowTimes
            label="Personal window"
            prefix="personal-"
            window={personal}
            error={save.error}
            field="policy.personalWindow"
          />
          <DaysField
            legend="Personal window days"
            name="personal-days"
            window={personal}
            error={save.error}
            field="policy.personalWindow.days"
          />
        </fieldset>
        <ErrorNote
          error={formError(save.error, [
            'policy.sendWindow.start',
            'policy.sendWindow.end',
            'policy.sendWindow.days',
            'policy.personalWindow.start',
            'policy.personalWindow.end',
            'policy.personalWindow.days',
            'policy.dailyCapPerSender',
          ])}
        />
        {save.done ? <p role="status">Saved.</p> : null}
        <Busy busy={save.busy}>Save settings</Busy>
      </form>
    </section>
  );
}

/** Which framework the meetings' questions follow: seed (the formula) or TIARA. */
function QuestionFrameworkForm({ campaign }: { campaign: Campaign }) {
  const save = useAction(async (form: HTMLFormElement) => {
    const questionFramework = String(new FormData(form).get('questionFramework'));
    await api('PATCH', `/campaigns/${campaign.id}`, { body: { questionFramework } });
    refreshAll();
    return true;
  });
  const current = campaign.questionFramework ?? 'seed';
  return (
    <section aria-labelledby="framework-title">
      <h2 id="framework-title">Questions</h2>
      <form aria-label="Question framework" onSubmit={submitTo(save.go)}>
        <fieldset>
          <legend>Each meeting's five questions follow</legend>
          {(
            [
              ['seed', 'the seed formula: 2 about them, 1 about the field, 2 asking for advice'],
              ['tiara', 'TIARA: one each of Trends, Insights, Advice, Resources, Assignments'],
            ] as const
          ).map(([value, text]) => (
            <label key={value} class="check">
              <input type="radio" name="questionFramework" value={value} defaultChecked={current === value} />{' '}
              {text}
            </label>
          ))}
        </fieldset>
        <ErrorNote error={formError(save.error, [])} />
        {save.done ? <p role="status">Saved.</p> : null}
        <Busy busy={save.busy}>Save framework</Busy>
      </form>
    </section>
  );
}

interface RefusedContact {
  contactId: string;
  email: string;
  findings: { severity: string; code: string; message: string }[];
}

/**
 * A launch the outreach check refused (422 naming `override`): each contact's findings, a link to
 * the contact (its outreach preview), and a launch that overrides them with a reason, recorded on
 * the campaign.
 */
function LaunchRefusal({
  error,
  launch,
  busy,
}: {
  error: unknown;
  launch: (reason: string) => void;
  busy: boolean;
}) {
  const [reason, setReason] = useState('');
  if (!(error instanceof ApiProblem) || error.field !== 'override') return null;
  const contacts = (error.details.findings ?? []) as RefusedContact[];
  return (
    <section aria-labelledby="launch-refusal">
      <h2 id="launch-refusal">The outreach check stopped the launch</h2>
      {contacts.length > 0 ? (
        <table>
          <caption>Findings per contact (fix them, or launch anyway with a reason)</caption>
          <thead>
            <tr>
              <th scope="col">Contact</th>
              <th scope="col">Severity</th>
              <th scope="col">Finding</th>
            </tr>
          </thead>
          <tbody>
            {contacts.flatMap((c) =>
              c.findings.map((f) => (
                <tr key={`${c.contactId}-${f.code}`}>
                  <td>
                    <a href={`#/contacts/${c.contactId}`}>{c.email}</a>
                  </td>
                  <td>{f.severity}</td>
                  <td>{f.message}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) launch(reason.trim());
        }}
      >
        <label>
          Launch anyway: the reason (recorded on the campaign)
          <input
            name="overrideReason"
            value={reason}
            required
            maxLength={500}
            onInput={(e) => setReason((e.target as HTMLInputElement).value)}
          />
        </label>
        <Busy busy={busy}>Launch anyway</Busy>
      </form>
    </section>
  );
}

export function CampaignView({ campaignId }: { campaignId: string }) {
  const campaign = useLoad(() => api<Campaign>('GET', `/campaigns/${campaignId}`), [campaignId]);
  const client = useLoad(
    () =>
      campaign.data ? api<Client>('GET', `/clients/${campaign.data.clientId}`) : Promise.resolve(undefined),
    [campaign.data?.clientId],
  );
  const verb = useAction(async (action: 'launch' | 'pause' | 'resume', overrideReason?: string) => {
    const out = await api<{ job?: Job; changed?: number }>(
      'POST',
      `/campaigns/${campaignId}/${action}`,
      overrideReason ? { body: { override: { reason: overrideReason } } } : {},
    );
    const done = out.job ? await followJob(out.job, () => {}) : undefined;
    refreshAll();
    if (done?.state === 'failed') throw new Error(`launch failed: ${done.error?.message ?? 'unknown'}`);
    const launched = done?.result as LaunchResult | undefined;
    return action === 'launch'
      ? `Launched ${launched?.launched ?? 0} contacts.`
      : `${action}d: ${out.changed ?? 0} contacts changed.`;
  });
  return (
    <main id="main" tabIndex={-1}>
      <Status loaded={campaign} what="the campaign">
        {(c) => (
          <>
            <p>
              <a href={`#/clients/${c.clientId}`}>
                ← {client.data ? `${client.data.firstName} ${client.data.lastName}` : 'Client'}
              </a>
            </p>
            <h1>
              {c.name} <span class="badge">{c.status}</span>
            </h1>
            <div class="actions">
              {(
                [
                  ['launch', 'Launch'],
                  ['pause', 'Pause campaign'],
                  ['resume', 'Resume campaign'],
                ] as const
              ).map(([action, text]) => (
                <button
                  type="button"
                  key={action}
                  class={action === 'launch' ? undefined : 'secondary'}
                  onClick={() => void verb.go(action)}
                  disabled={verb.busy}
                >
                  {text}
                </button>
              ))}
            </div>
            {verb.busy ? <p role="status">Working…</p> : null}
            {verb.done ? <p role="status">{verb.done}</p> : null}
            {/* A refused launch is shown by its findings below, not by the API's sentence. */}
            {verb.error instanceof ApiProblem && verb.error.field === 'override' ? null : (
              <ErrorNote error={verb.error} />
            )}
            <LaunchRefusal
              error={verb.error}
              busy={verb.busy}
              launch={(reason) => void verb.go('launch', reason)}
            />
            <CampaignFigures campaignId={c.id} />
            <FunnelView campaignId={c.id} campaignName={c.name} />
            <BoardView campaignId={c.id} />
            <Approvals campaignId={c.id} />
            <ImportForm campaignId={c.id} />
            <Settings campaign={c} client={client.data} />
            <QuestionFrameworkForm campaign={c} />
          </>
        )}
      </Status>
    </main>
  );
}
