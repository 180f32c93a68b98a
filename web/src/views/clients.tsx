/** The clients: the list, and a form for a new one. */
import type { Client } from '#domain/types.ts';
import { api, formError } from '../api.ts';
import { viewerZone } from '../time.ts';
import {
  Busy,
  ErrorNote,
  Field,
  formValues,
  refreshAll,
  Status,
  submitTo,
  TIME_ZONE_LIST,
  useAction,
  useLoad,
} from '../ui.tsx';

/** The new-client form: `POST /clients`'s fields. */
const CLIENT_FORM: { name: string; label: string; type?: 'email'; hint?: string; zone?: true }[] = [
  { name: 'firstName', label: 'First name' },
  { name: 'lastName', label: 'Last name' },
  { name: 'email', label: 'Email', type: 'email' },
  {
    name: 'senderLocalPart',
    label: 'Sender (before the @)',
    hint: "The outreach goes from <sender>@ the consultancy's domain",
  },
  {
    name: 'timeZone',
    label: 'Time zone',
    zone: true,
    hint: 'Where the client lives, e.g. Europe/London (type to pick)',
  },
  { name: 'field', label: 'Field explored' },
  { name: 'introduction', label: 'Background line' },
];

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
        <form aria-label="New client" class="grid-form" onSubmit={submitTo(create.go)}>
          {CLIENT_FORM.map((f) => (
            <Field
              key={f.name}
              label={f.label}
              name={f.name}
              type={(f.type ?? 'text') as 'text'}
              hint={f.hint}
              required
              defaultValue={f.zone ? viewerZone() : undefined}
              list={f.zone ? TIME_ZONE_LIST : undefined}
              autoComplete={f.zone ? 'off' : undefined}
              error={create.error}
            />
          ))}
          <ErrorNote
            error={formError(
              create.error,
              CLIENT_FORM.map((f) => f.name),
            )}
          />
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
