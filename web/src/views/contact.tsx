/**
 * A contact: the timeline (every event; a sent email opens as the exact preview in a sandboxed
 * iframe; a reply with its reading), the next emails, the meeting form (the reply's proposed times
 * as one-click choices; the five questions checked by the campaign's rules while picking), the
 * thank-you's personal line, the keep-in-touch update, pause / resume, unsubscribe on their behalf,
 * erase (confirmed in a dialog).
 */
import { useMemo, useState } from 'preact/hooks';
import type { NextEmail } from '#domain/contact-view.ts';
import { ValidationError } from '#domain/errors.ts';
import { groupsOf, pickDefaultSet, validateQuestionSet } from '#domain/questions.ts';
import type {
  Campaign,
  Contact,
  Question,
  QuestionFramework,
  TiaraPart,
  TimelineEntry,
} from '#domain/types.ts';
import { api, errorFor, formError } from '../api.ts';
import { formatIn, isoToLocal, localToIso, viewerZone } from '../time.ts';
import {
  Busy,
  Dialog,
  ErrorNote,
  Field,
  refreshAll,
  Status,
  submitTo,
  TIME_ZONE_LIST,
  useAction,
  useLoad,
} from '../ui.tsx';

interface ContactView {
  contact: Contact;
  timeline: TimelineEntry[];
  nextEmails: NextEmail[];
  proposedTimes: string[];
  /** With a meeting: whether it has started (held / not held can be said from then). */
  meetingStarted?: boolean;
}

interface Preview {
  step: string;
  subject: string;
  html: string;
  attachments: string[];
  headers: { from?: string; to?: string };
}

const when = (at: string, zone: string) => {
  const viewer = viewerZone();
  return viewer === zone
    ? formatIn(at, zone)
    : `${formatIn(at, zone)} their time · ${formatIn(at, viewer)} your time`;
};

function EmailPreview({ contactId, step }: { contactId: string; step: string }) {
  const preview = useLoad(
    () => api<Preview>('GET', `/contacts/${contactId}/preview/${encodeURIComponent(step)}`),
    [contactId, step],
  );
  return (
    <Status loaded={preview} what={`the ${step} email`}>
      {(p) => (
        <div class="preview">
          <p>
            <strong>Subject:</strong> {p.subject}
            {p.headers.to ? (
              <>
                {' '}
                · <strong>To:</strong> {p.headers.to}
              </>
            ) : null}
            {p.attachments.length > 0 ? ` · attached: ${p.attachments.join(', ')}` : ''}
          </p>
          <iframe sandbox="" srcDoc={p.html} title={`The ${step} email as sent`} />
        </div>
      )}
    </Status>
  );
}

/** The contact's emails that went out, in order, matched to the timeline's email_sent entries. */
function sentSteps(contact: Contact, timeline: TimelineEntry[]): Map<TimelineEntry, string> {
  const steps = new Map<TimelineEntry, string>();
  const sent = contact.sent.filter((s) => !s.step.startsWith('client-'));
  const entries = timeline.filter(
    (t) => t.event === 'email_sent' && !t.detail?.startsWith('client reminder'),
  );
  entries.forEach((entry, i) => {
    const same = sent.find((s) => s.at === entry.at);
    const step = same?.step ?? sent[i]?.step;
    if (step) steps.set(entry, step);
  });
  return steps;
}

function Timeline({ view }: { view: ContactView }) {
  const [open, setOpen] = useState<string>();
  const steps = sentSteps(view.contact, view.timeline);
  const zone = view.contact.timeZone;
  const lastReply = view.timeline.filter((t) => t.event === 'reply_received').at(-1);
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      <ol class="timeline">
        {view.timeline.map((t, i) => {
          const step = steps.get(t);
          return (
            <li key={`${t.at}-${i}`} data-event={t.event}>
              <div>
                <strong>{t.event.replace(/_/g, ' ')}</strong>
                {step ? ` — ${step}` : ''} <span class="muted">{when(t.at, zone)}</span>
              </div>
              <div class="muted">
                {t.from === t.to
                  ? t.to.replace(/_/g, ' ')
                  : `${t.from.replace(/_/g, ' ')} → ${t.to.replace(/_/g, ' ')}`}
              </div>
              {t.event === 'reply_received' ? (
                <div class="reading">
                  Reading: <strong>{t.detail?.replace(/^reply: /, '') ?? 'not recorded'}</strong>
                  {t === lastReply && view.proposedTimes.length > 0 ? (
                    <div>
                      Proposed: {view.proposedTimes.map((iso) => formatIn(iso, zone)).join('; ')} (their time)
                    </div>
                  ) : null}
                </div>
              ) : t.detail ? (
                <div>{t.detail}</div>
              ) : null}
              {step ? (
                <button
                  type="button"
                  class="secondary small"
                  aria-expanded={open === step}
                  onClick={() => setOpen(open === step ? undefined : step)}
                >
                  {open === step ? 'Hide email' : 'Show email'}
                </button>
              ) : null}
              {step && open === step ? <EmailPreview contactId={view.contact.id} step={step} /> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const DOMAIN_TITLES: Record<Question['domain'], string> = {
  interviewee: 'About them (pick 2)',
  field: 'About the field (pick 1)',
  advice: 'Asking for advice (pick 2)',
};

const TIARA_TITLES: Record<TiaraPart, string> = {
  trends: 'Trends (pick 1)',
  insights: 'Insights (pick 1)',
  advice: 'Advice (pick 1)',
  resources: 'Resources (pick 1)',
  assignments: 'Assignments (pick 1)',
};

/** The picker's groups under the campaign's framework (the domain's own groups), with their titles. */
function questionGroups(framework: QuestionFramework) {
  const titles: Record<string, string> = framework === 'tiara' ? TIARA_TITLES : DOMAIN_TITLES;
  return groupsOf(framework).map((group) => ({ ...group, title: titles[group.key] }));
}

/** The issues of a question set by the campaign's rules (the domain's own check), [] when it passes. */
function questionIssues(set: Question[], framework: QuestionFramework): string[] {
  try {
    validateQuestionSet(set, 'questions', framework);
    return [];
  } catch (e) {
    return e instanceof ValidationError ? e.issues.map((i) => i.message) : [String(e)];
  }
}

const MEETING_FIELDS = ['start', 'timeZone', 'durationMinutes', 'mode', 'location', 'videoLink', 'questions'];

function MeetingForm({ view, campaign }: { view: ContactView; campaign: Campaign }) {
  const contact = view.contact;
  const bank = campaign.questionBank;
  const framework = campaign.questionFramework ?? 'seed';
  const initial = useMemo(() => {
    try {
      return pickDefaultSet(bank, 'questionBank', framework).map((q) => q.text);
    } catch {
      return [];
    }
  }, [bank, framework]);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [zone, setZone] = useState(contact.timeZone);
  const [mode, setMode] = useState<'remote' | 'in_person'>('remote');
  const [place, setPlace] = useState('');
  const [duration, setDuration] = useState(String(campaign.policy.meetingMinutes));
  const [picked, setPicked] = useState<string[]>(initial);
  const questions = bank.filter((q) => picked.includes(q.text));
  const issues = questionIssues(questions, framework);
  const book = useAction(async () => {
    const start = localToIso(date, time, zone);
    if (!start) throw new Error('Choose a date and a time.');
    const out = await api<{ contact: Contact }>('POST', `/contacts/${contact.id}/meeting`, {
      body: {
        start,
        timeZone: zone,
        durationMinutes: Number(duration),
        mode,
        ...(mode === 'remote' ? { videoLink: place } : { location: place }),
        questions,
      },
    });
    refreshAll();
    return out.contact.meeting;
  });
  const choose = (iso: string) => {
    const local = isoToLocal(iso);
    setDate(local.date);
    setTime(local.time);
    setZone(contact.timeZone);
  };
  const toggle = (text: string, on: boolean) =>
    setPicked((p) => (on ? [...p, text] : p.filter((t) => t !== text)));
  return (
    <section aria-labelledby="meeting-title">
      <h2 id="meeting-title">Book the meeting</h2>
      {view.proposedTimes.length > 0 ? (
        <fieldset class="actions">
          <legend>They proposed (their time)</legend>
          {view.proposedTimes.map((iso) => (
            <button type="button" class="secondary" key={iso} onClick={() => choose(iso)}>
              {when(iso, contact.timeZone)}
            </button>
          ))}
        </fieldset>
      ) : null}
      <form aria-label="Book the meeting" class="grid-form" onSubmit={submitTo(() => book.go())}>
        <Field
          label="Date"
          name="date"
          type="date"
          required
          value={date}
          onInput={(e) => setDate((e.target as HTMLInputElement).value)}
          error={book.error}
          errorName="start"
        />
        <Field
          label="Time"
          name="time"
          type="time"
          required
          value={time}
          onInput={(e) => setTime((e.target as HTMLInputElement).value)}
        />
        <Field
          label="Time zone"
          name="timeZone"
          required
          list={TIME_ZONE_LIST}
          autoComplete="off"
          value={zone}
          onInput={(e) => setZone((e.target as HTMLInputElement).value)}
          error={book.error}
        />
        <Field
          label="Minutes"
          name="durationMinutes"
          type="number"
          min="15"
          max="30"
          value={duration}
          onInput={(e) => setDuration((e.target as HTMLInputElement).value)}
          error={book.error}
        />
        <fieldset>
          <legend>Format</legend>
          {(
            [
              ['remote', 'Video or phone'],
              ['in_person', 'In person'],
            ] as const
          ).map(([value, text]) => (
            <label class="inline" key={value}>
              <input
                type="radio"
                name="mode"
                value={value}
                checked={mode === value}
                onChange={() => setMode(value)}
              />{' '}
              {text}
            </label>
          ))}
        </fieldset>
        <Field
          label={mode === 'remote' ? 'Video link or tel: number' : 'Place'}
          name={mode === 'remote' ? 'videoLink' : 'location'}
          required
          value={place}
          onInput={(e) => setPlace((e.target as HTMLInputElement).value)}
          error={book.error}
        />
        <fieldset class="questions wide">
          <legend>The five questions ({framework === 'tiara' ? 'TIARA' : 'the seed formula'})</legend>
          {questionGroups(framework).map((group) => (
            <div key={group.key}>
              <h3>{group.title}</h3>
              {bank.filter(group.of).map((q) => (
                <label key={q.text} class="check">
                  <input
                    type="checkbox"
                    name="questions"
                    value={q.text}
                    checked={picked.includes(q.text)}
                    onChange={(e) => toggle(q.text, (e.target as HTMLInputElement).checked)}
                  />{' '}
                  {q.text}
                </label>
              ))}
            </div>
          ))}
          <div aria-live="polite" class={issues.length > 0 ? 'error' : 'ok'}>
            {issues.length > 0
              ? issues.join('; ')
              : `The five questions follow the rules (${framework === 'tiara' ? 'one of each TIARA part' : '2 · 1 · 2'}).`}
          </div>
          {errorFor(book.error, 'questions') ? (
            <p class="error">{errorFor(book.error, 'questions')}</p>
          ) : null}
        </fieldset>
        <ErrorNote error={formError(book.error, [...MEETING_FIELDS])} />
        {book.done ? <p role="status">Meeting booked: {when(book.done.start, book.done.timeZone)}.</p> : null}
        <Busy busy={book.busy} disabled={book.busy || issues.length > 0}>
          Book meeting
        </Busy>
      </form>
    </section>
  );
}

function LineForm({
  contactId,
  path,
  title,
  initial,
}: {
  contactId: string;
  path: 'personal-line' | 'update';
  title: string;
  initial?: string;
}) {
  const [text, setText] = useState(initial ?? '');
  const save = useAction(async () => {
    const out = await api<{ changed: boolean }>('PUT', `/contacts/${contactId}/${path}`, { body: { text } });
    refreshAll();
    return out.changed ? 'Saved.' : 'No change: that text was already kept.';
  });
  return (
    <form aria-label={title} onSubmit={submitTo(() => save.go())}>
      <Field
        multiline
        label={title}
        name="text"
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
        error={save.error}
      />
      <ErrorNote error={formError(save.error, ['text'])} />
      {save.done ? <p role="status">{save.done}</p> : null}
      <Busy busy={save.busy}>Save</Busy>
    </form>
  );
}

function Actions({
  contact,
  campaignId,
  meetingStarted,
}: {
  contact: Contact;
  campaignId: string;
  meetingStarted: boolean;
}) {
  const [confirming, setConfirming] = useState<'erase' | 'unsubscribe'>();
  const act = useAction(async (path: string, method?: 'DELETE') => {
    await api(method ?? 'POST', `/contacts/${contact.id}${path}`);
    setConfirming(undefined);
    if (method === 'DELETE') location.hash = `#/campaigns/${campaignId}`;
    else refreshAll();
    return true;
  });
  const paused = contact.stage === 'paused';
  return (
    <section aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          disabled={act.busy}
          onClick={() => void act.go(paused ? '/resume' : '/pause')}
        >
          {paused ? 'Resume contact' : 'Pause contact'}
        </button>
        {meetingStarted && (contact.meeting?.status === 'booked' || contact.meeting?.thankYouHold) ? (
          <button
            type="button"
            class="secondary"
            disabled={act.busy}
            onClick={() => void act.go('/meeting/held')}
          >
            Mark meeting held
          </button>
        ) : null}
        {meetingStarted &&
        contact.meeting &&
        contact.meeting.status !== 'cancelled' &&
        !contact.meeting.notHeldAt ? (
          <button
            type="button"
            class="secondary"
            disabled={act.busy}
            onClick={() => void act.go('/meeting/not-held')}
          >
            Mark meeting not held
          </button>
        ) : null}
        <button type="button" class="secondary" onClick={() => setConfirming('unsubscribe')}>
          Unsubscribe on their behalf
        </button>
        <button type="button" class="danger" onClick={() => setConfirming('erase')}>
          Erase contact
        </button>
      </div>
      {!confirming ? <ErrorNote error={act.error} /> : null}
      <Dialog
        open={confirming !== undefined}
        title={confirming === 'erase' ? 'Erase this contact?' : 'Unsubscribe this contact?'}
        onClose={() => setConfirming(undefined)}
      >
        <p>
          {confirming === 'erase'
            ? `Everything rapport keeps about ${contact.firstName} is deleted and the address is suppressed. This cannot be undone.`
            : `${contact.firstName} gets no more email from any campaign.`}
        </p>
        <ErrorNote error={act.error} />
        <div class="actions">
          <button
            type="button"
            class="danger"
            disabled={act.busy}
            onClick={() => void (confirming === 'erase' ? act.go('', 'DELETE') : act.go('/unsubscribe'))}
          >
            {act.busy ? 'Working…' : confirming === 'erase' ? 'Erase' : 'Unsubscribe'}
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
        </div>
      </Dialog>
    </section>
  );
}

export function ContactPage({ contactId }: { contactId: string }) {
  const view = useLoad(() => api<ContactView>('GET', `/contacts/${contactId}`), [contactId]);
  const campaignId = view.data?.contact.campaignId;
  const campaign = useLoad(
    () => (campaignId ? api<Campaign>('GET', `/campaigns/${campaignId}`) : Promise.resolve(undefined)),
    [campaignId],
  );
  return (
    <main id="main" tabIndex={-1}>
      <Status loaded={view} what="the contact">
        {(v) => {
          const c = v.contact;
          return (
            <>
              <p>
                <a href={`#/campaigns/${c.campaignId}`}>← {campaign.data?.name ?? 'Campaign'}</a>
              </p>
              <h1>
                {c.firstName} {c.lastName} <span class="badge">{c.stage.replace(/_/g, ' ')}</span>
              </h1>
              <button type="button" class="secondary small" onClick={view.reload} disabled={view.loading}>
                {view.loading ? 'Refreshing…' : 'Refresh'}
              </button>
              <p class="muted">{[c.role, c.company, c.email, c.timeZone].filter(Boolean).join(' · ')}</p>
              <section aria-labelledby="next-title">
                <h2 id="next-title">Next emails</h2>
                {v.nextEmails.length === 0 ? (
                  <p class="muted">Nothing planned.</p>
                ) : (
                  <ul class="next-emails">
                    {v.nextEmails.map((n) => (
                      <li key={n.step}>
                        <strong>{n.step}</strong>
                        {n.step.startsWith('client-') ? ' (to the client)' : ''} {when(n.at, c.timeZone)}
                      </li>
                    ))}
                  </ul>
                )}
                {c.meeting && c.meeting.status !== 'cancelled' ? (
                  <p>
                    Meeting ({c.meeting.status}): {when(c.meeting.start, c.meeting.timeZone)},{' '}
                    {c.meeting.mode === 'remote' ? c.meeting.videoLink : c.meeting.location}
                  </p>
                ) : null}
                {c.meeting?.thankYouHold ? (
                  <p role="note" class="flag">
                    Thank-you held ({c.meeting.thankYouHold.by === 'client' ? 'the client' : 'the contact'}:{' '}
                    {c.meeting.thankYouHold.reason}); it was due{' '}
                    {when(c.meeting.thankYouHold.thankYouAt, c.timeZone)}. Mark the meeting held to send it,
                    or not held to drop it.
                  </p>
                ) : null}
                {c.meeting?.notHeldAt && c.meeting.status === 'booked' ? (
                  <p role="note" class="flag">
                    Meeting not held: reschedule or cancel it.
                  </p>
                ) : null}
              </section>
              <Timeline view={v} />
              {campaign.data && (!c.meeting || c.meeting.status === 'cancelled') ? (
                <MeetingForm view={v} campaign={campaign.data} />
              ) : null}
              <section aria-labelledby="lines-title">
                <h2 id="lines-title">The client's lines</h2>
                <LineForm
                  contactId={c.id}
                  path="personal-line"
                  title="Thank-you personal line"
                  initial={c.meeting?.personalLine}
                />
                <LineForm
                  contactId={c.id}
                  path="update"
                  title="Keep-in-touch update"
                  initial={c.pendingUpdate}
                />
              </section>
              <Actions contact={c} campaignId={c.campaignId} meetingStarted={v.meetingStarted === true} />
            </>
          );
        }}
      </Status>
      <ErrorNote error={campaign.error} retry={campaign.reload} />
    </main>
  );
}
