/** A client and their campaigns, each with its figures; a form for a new campaign. */
import type { Campaign, Client } from '#domain/types.ts';
import { api, formError } from '../api.ts';
import { type CampaignStats, campaignFigures, percent } from '../stats.ts';
import {
  Busy,
  ErrorNote,
  Field,
  formValues,
  refreshAll,
  Status,
  submitTo,
  useAction,
  useLoad,
} from '../ui.tsx';

export function CampaignFigures({ campaignId }: { campaignId: string }) {
  const stats = useLoad(() => api<CampaignStats>('GET', `/campaigns/${campaignId}/stats`), [campaignId]);
  return (
    <Status loaded={stats} what="figures">
      {(s) => {
        const f = campaignFigures(s);
        const stages = Object.entries(s.byStage).filter(([, n]) => (n ?? 0) > 0);
        return (
          <div>
            <dl class="figures">
              <div>
                <dt>Contacts</dt>
                <dd>{s.total}</dd>
              </div>
              <div>
                <dt>Reply rate</dt>
                <dd>{percent(f.replyRate)}</dd>
              </div>
              <div>
                <dt>Meetings held</dt>
                <dd>{f.meetingsHeld}</dd>
              </div>
              <div>
                <dt>Bounce rate</dt>
                <dd>{percent(f.bounceRate)}</dd>
              </div>
              <div>
                <dt>Complaint rate</dt>
                <dd>{percent(f.complaintRate)}</dd>
              </div>
            </dl>
            {stages.length > 0 ? (
              <p class="muted">
                {stages.map(([stage, n]) => `${stage.replace(/_/g, ' ')} ${n}`).join(' · ')}
              </p>
            ) : null}
          </div>
        );
      }}
    </Status>
  );
}

/**
 * The resume the outreach attaches: a presigned PUT straight to the bucket (which must allow this
 * page's origin by CORS), then the API checks it (`…/resume/confirm`).
 */
function ResumeForm({ clientId }: { clientId: string }) {
  const upload = useAction(async (form: HTMLFormElement) => {
    const file = (form.elements.namedItem('resume') as HTMLInputElement).files?.[0];
    if (!file) throw new Error('Choose a PDF file first.');
    const target = await api<{ uploadUrl: string; key: string; contentType: string }>(
      'POST',
      `/clients/${clientId}/resume`,
    );
    const put = await fetch(target.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': target.contentType },
      body: file,
    }).catch(() => undefined);
    if (!put?.ok) throw new Error(`The file could not be uploaded (${put?.status ?? 'network error'}).`);
    await api('POST', `/clients/${clientId}/resume/confirm`, { body: { key: target.key } });
    form.reset();
    refreshAll();
    return true;
  });
  return (
    <form aria-label="Resume" onSubmit={submitTo(upload.go)}>
      <Field
        label="Resume (PDF)"
        name="resume"
        type="file"
        accept="application/pdf,.pdf"
        error={upload.error}
      />
      <ErrorNote error={formError(upload.error, ['resume'])} />
      {upload.done ? <p role="status">Resume uploaded.</p> : null}
      <Busy busy={upload.busy}>Upload resume</Busy>
    </form>
  );
}

export function ClientView({ clientId }: { clientId: string }) {
  const client = useLoad(() => api<Client>('GET', `/clients/${clientId}`), [clientId]);
  const campaigns = useLoad(
    () => api<{ items: Campaign[] }>('GET', `/clients/${clientId}/campaigns`),
    [clientId],
  );
  const create = useAction(async (form: HTMLFormElement) => {
    const campaign = await api<Campaign>('POST', `/clients/${clientId}/campaigns`, {
      body: formValues(form),
    });
    form.reset();
    refreshAll();
    return campaign;
  });
  return (
    <main id="main" tabIndex={-1}>
      <p>
        <a href="#/">← Clients</a>
      </p>
      <Status loaded={client} what="the client">
        {(c) => (
          <>
            <h1>
              {c.firstName} {c.lastName}
            </h1>
            <p class="muted">
              {c.email} · {c.field} · {c.timeZone} · resume {c.resumeKey ? 'uploaded' : 'not uploaded yet'}
            </p>
          </>
        )}
      </Status>
      <ResumeForm clientId={clientId} />
      <h2>Campaigns</h2>
      <Status loaded={campaigns} what="campaigns">
        {(data) =>
          data.items.length === 0 ? (
            <p>No campaigns yet.</p>
          ) : (
            <ul class="cards">
              {data.items.map((c) => (
                <li key={c.id} class="card">
                  <h3>
                    <a href={`#/campaigns/${c.id}`}>{c.name}</a> <span class="badge">{c.status}</span>
                  </h3>
                  <CampaignFigures campaignId={c.id} />
                </li>
              ))}
            </ul>
          )
        }
      </Status>
      <section aria-labelledby="new-campaign">
        <h2 id="new-campaign">New campaign</h2>
        <form aria-label="New campaign" onSubmit={submitTo(create.go)}>
          <Field label="Campaign name" name="name" required error={create.error} />
          <ErrorNote error={formError(create.error, ['name'])} />
          {create.done ? (
            <p role="status">
              Created <a href={`#/campaigns/${create.done.id}`}>{create.done.name}</a>.
            </p>
          ) : null}
          <Busy busy={create.busy}>Create campaign</Busy>
        </form>
      </section>
    </main>
  );
}
