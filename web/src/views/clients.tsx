/** The clients: the list, and a form for a new one. */
import type { Client } from '#domain/types.ts';
import { api, formError } from '../api.ts';
import { viewerZone } from '../time.ts';
import { Busy, ErrorNote, Field, formValues, refreshAll, Status, useAction, useLoad } from '../ui.tsx';

const CLIENT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'senderLocalPart',
  'timeZone',
  'field',
  'introduction',
] as const;

export function ClientsView() {
  const clients = useLoad(() => api<{ items: Client[] }>('GET', '/clients?limit=100'), []);
  const create = useAction(async (form: HTMLFormElement) => {
    const client = await api<Client>('POST', '/clients', { body: formValues(form) });
    form.reset();
    refreshAll();
    return client;
  });
  return (
    <main id="main" tabIndex={-1}>
      <h1>Clients</h1>
      <Status loaded={clients} what="clients">
        {(data) =>
          data.items.length === 0 ? (
            <p>No clients yet: add the first one below.</p>
          ) : (
            <ul class="cards">
              {data.items.map((c) => (
                <li key={c.id} class="card">
                  <a href={`#/clients/${c.id}`}>
                    {c.firstName} {c.lastName}
                  </a>
                  <div class="muted">
                    {c.field} · {c.timeZone}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Status>
      <section aria-labelledby="new-client">
        <h2 id="new-client">New client</h2>
        <form
          aria-label="New client"
          class="grid-form"
          onSubmit={(e) => {
            e.preventDefault();
            void create.go(e.currentTarget);
          }}
        >
          <Field label="First name" name="firstName" required error={create.error} />
          <Field label="Last name" name="lastName" required error={create.error} />
          <Field label="Email" name="email" type="email" required error={create.error} />
          <Field
            label="Sender (before the @)"
            name="senderLocalPart"
            required
            hint="The outreach goes from <sender>@ the consultancy's domain"
            error={create.error}
          />
          <Field
            label="Time zone"
            name="timeZone"
            required
            defaultValue={viewerZone()}
            error={create.error}
          />
          <Field label="Field explored" name="field" required error={create.error} />
          <Field label="Background line" name="introduction" required error={create.error} />
          <ErrorNote error={formError(create.error, CLIENT_FIELDS)} />
          {create.done ? (
            <p role="status">
              Added <a href={`#/clients/${create.done.id}`}>{create.done.firstName}</a>.
            </p>
          ) : null}
          <Busy busy={create.busy}>Add client</Busy>
        </form>
      </section>
    </main>
  );
}
