/**
 * Replies to review: the queue a coach works through (`GET /replies`: a coach's own clients'
 * replies, every client's for an admin) — each reply with why it waits, how it was read and its
 * text; confirm the reading, or correct it to another intent (applied once, as if read so).
 */
import type { ReviewItem } from '#domain/ports/review-store.ts';
import { REPLY_INTENTS } from '#domain/types.ts';
import { api } from '../api.ts';
import { Busy, ErrorNote, refreshAll, Status, useAction, useLoad } from '../ui.tsx';

const REASONS: Record<string, string> = {
  unsure: 'the reading is unsure',
  read: 'read with confidence',
  unmatched: 'matched no contact',
};

const readingOf = (item: ReviewItem) =>
  item.reading
    ? `${item.reading.intent.replace('_', ' ')}${item.reading.confidence === undefined ? '' : ` (confidence ${item.reading.confidence})`}`
    : 'not read';

function ReplyCard({ item }: { item: ReviewItem }) {
  const decide = useAction(async (form: HTMLFormElement, by: 'confirm' | 'correct') => {
    const intent = (new FormData(form).get('intent') as string | null) ?? '';
    const out = await api(
      'POST',
      `/replies/${encodeURIComponent(item.replyId)}/${by}`,
      by === 'correct' ? { body: { intent } } : {},
    );
    refreshAll();
    return out;
  });
  const heading = `reply-${item.replyKey}`;
  return (
    <li class="card">
      <article aria-labelledby={heading}>
        <h2 id={heading}>
          {item.contactId ? (
            <a href={`#/contacts/${item.contactId}`}>{item.from ?? 'a contact'}</a>
          ) : (
            item.from
          )}
          {item.subject ? `: ${item.subject}` : ''}
        </h2>
        <p class="muted">
          Received {item.receivedAt.slice(0, 16).replace('T', ' ')} UTC · waiting because{' '}
          {REASONS[item.reason] ?? item.detail ?? item.reason} · read as {readingOf(item)}
        </p>
        {item.reading?.doubt ? (
          <p>
            <strong>Why unsure:</strong> {item.reading.doubt}
          </p>
        ) : null}
        {item.text ? <blockquote>{item.text}</blockquote> : null}
        <form
          aria-label={`Decide on the reply from ${item.from ?? 'the contact'}`}
          onSubmit={(event) => {
            event.preventDefault();
            const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
            void decide.go(event.currentTarget, submitter?.value === 'correct' ? 'correct' : 'confirm');
          }}
        >
          {item.reading ? (
            <Busy busy={decide.busy} name="by" value="confirm">
              Confirm: {item.reading.intent.replace('_', ' ')}
            </Busy>
          ) : null}
          <label>
            Correct to{' '}
            <select name="intent">
              {REPLY_INTENTS.map((intent) => (
                <option key={intent} value={intent} selected={intent === (item.reading?.intent ?? 'other')}>
                  {intent.replace('_', ' ')}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="submit" class="secondary" name="by" value="correct" disabled={decide.busy}>
            Correct
          </button>
          <ErrorNote error={decide.error} />
        </form>
      </article>
    </li>
  );
}

export function RepliesView() {
  const open = useLoad(() => api<{ items: ReviewItem[] }>('GET', '/replies?state=open&limit=100'), []);
  return (
    <main id="main" tabIndex={-1}>
      <h1>Replies to review</h1>
      <Status loaded={open} what="replies to review">
        {(data) =>
          data.items.length === 0 ? (
            <p>Nothing waits for you: every reply was read with confidence.</p>
          ) : (
            <ul class="cards queue">
              {data.items.map((item) => (
                <ReplyCard key={item.replyId} item={item} />
              ))}
            </ul>
          )
        }
      </Status>
    </main>
  );
}
