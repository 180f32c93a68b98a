/**
 * The coach's dashboard: reads /app/config.json, signs in as it says (or not at all), then routes
 * by the URL's hash: #/ clients · #/clients/{id} · #/campaigns/{id} · #/contacts/{id} · #/replies.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, configureApi } from './api.ts';
import { finishHostedSignIn, signOut, storedTokens } from './auth.ts';
import { type AppConfig, loadConfig } from './config.ts';
import { ErrorNote, refreshAll, TimeZoneList, useAction, useLoad } from './ui.tsx';
import { CampaignView } from './views/campaign.tsx';
import { ClientView } from './views/client.tsx';
import { ClientsView } from './views/clients.tsx';
import { ContactPage } from './views/contact.tsx';
import { RepliesView } from './views/replies.tsx';
import { SignIn } from './views/sign-in.tsx';

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash;
}

function Route({ hash }: { hash: string }) {
  if (hash === '#/replies') return <RepliesView />;
  const [, kind, id] = /^#\/(clients|campaigns|contacts)\/([A-Za-z0-9_-]+)/.exec(hash) ?? [];
  if (kind === 'clients' && id) return <ClientView clientId={id} />;
  if (kind === 'campaigns' && id) return <CampaignView campaignId={id} />;
  if (kind === 'contacts' && id) return <ContactPage contactId={id} />;
  return <ClientsView />;
}

/** Locally: the clock moved by hours (everything due fires), and the SES outbox. */
function LocalControls({ outbox }: { outbox: string }) {
  const clock = useLoad(() => api<{ now: string }>('GET', '/local/clock'), []);
  const advance = useAction(async (hours: number) => {
    const out = await api<{ now: string; fired: number }>('POST', `/local/clock/advance?hours=${hours}`);
    refreshAll();
    return out;
  });
  return (
    <fieldset class="local">
      <legend>
        Local clock
        {clock.data ? `: ${clock.data.now.slice(0, 16).replace('T', ' ')} UTC` : clock.loading ? ': …' : ''}
      </legend>
      {(
        [
          [1, '+1 hour'],
          [24, '+1 day'],
        ] as const
      ).map(([hours, text]) => (
        <button
          type="button"
          key={hours}
          class="secondary small"
          disabled={advance.busy}
          onClick={() => void advance.go(hours)}
        >
          {text}
        </button>
      ))}
      <a href={outbox} target="_blank" rel="noopener">
        Sent emails (SES outbox)
      </a>
      {advance.busy ? <span role="status">Moving the clock…</span> : null}
      <ErrorNote error={advance.error} />
    </fieldset>
  );
}

function Me() {
  const me = useLoad(() => api<{ email: string; groups: string[] }>('GET', '/me'), []);
  return me.data ? (
    <span>
      {me.data.email} ({me.data.groups.join(', ')})
    </span>
  ) : null;
}

function App({ config }: { config: AppConfig }) {
  const hash = useHash();
  const [signedIn, setSignedIn] = useState(!config.auth || storedTokens() !== undefined);
  useEffect(() => configureApi(config, () => setSignedIn(false)), [config]);
  configureApi(config, () => setSignedIn(false));
  return (
    <>
      <button type="button" class="skip" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header>
        <a href="#/" class="brand">
          rapport
        </a>
        <nav aria-label="Main">
          <a href="#/">Clients</a> <a href="#/replies">Replies to review</a>
        </nav>
        {config.auth && signedIn ? (
          <span class="who">
            <Me />{' '}
            <button
              type="button"
              class="secondary small"
              onClick={() => {
                signOut();
                setSignedIn(false);
              }}
            >
              Sign out
            </button>
          </span>
        ) : null}
      </header>
      {config.local && signedIn ? <LocalControls outbox={config.local.sesOutboxUrl} /> : null}
      <TimeZoneList />
      {signedIn || !config.auth ? (
        <Route hash={hash} />
      ) : (
        <SignIn auth={config.auth} onSignedIn={() => setSignedIn(true)} />
      )}
    </>
  );
}

async function boot() {
  const root = document.getElementById('app') as HTMLElement;
  try {
    const config = await loadConfig();
    await finishHostedSignIn(config.auth);
    root.textContent = '';
    render(<App config={config} />, root);
  } catch (error) {
    root.textContent = '';
    render(<ErrorNote error={error} retry={() => location.reload()} />, root);
  }
}

void boot();
