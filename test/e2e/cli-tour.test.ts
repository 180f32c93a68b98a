/**
 * Issue 10's tour, driven ONLY through the `rapport` binary (child processes) against a local stack
 * started in the test (the emulators, the API on a loopback gateway, the SMTP inbound MX): create a
 * client and upload the resume, a campaign, import examples/contacts.csv (8 contacts, 2 bad rows),
 * replay the import, launch, advance the clock, see the outreach in the SES emulator, reply over
 * SMTP, book the proposed time, see the confirmation, mark the meeting held, add the thank-you line,
 * see the thank-you, read the timeline. The README's "Five-minute tour" is this test.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApiGateway, startLocalApiGateway } from '#local/api-gateway-events.ts';
import { routeToOtherFunctions } from '#local/api-other-functions.ts';
import { makeLocalRoutes } from '#local/control-page.ts';
import { boardColumns } from '../../cli/commands/campaigns.ts';
import { COACH, type SignIn, startSignIn } from '../integration/api/sign-in.ts';
import { type ApiStack, startApiStack } from '../integration/api/support.ts';
import { type InboundStack, startInboundStack } from '../integration/workflow/inbound-stack.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/rapport.mjs');
const example = (name: string) => join(ROOT, 'examples', name);

const VALID = [
  'priya.raman@lumen-health.example',
  'marcus.webb@harbourlabs.example',
  'ana.ruiz@tidewater.example',
  'jonas.keller@nordlicht.example',
  'mei.tanaka@kumo-apps.example',
  'olivia.brown@fernleaf.example',
  'samir.haddad@cedarpoint.example',
  'grace.lee@quillstack.example',
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the five-minute tour through the rapport CLI', () => {
  let inbound: InboundStack;
  let t: ApiStack;
  let gateway: LocalApiGateway;
  let auth: SignIn;
  /** The CLI's config folder (XDG_CONFIG_HOME): `rapport login` keeps its credentials there. */
  const configHome = mkdtempSync(join(tmpdir(), 'rapport-cli-config-'));

  beforeAll(async () => {
    inbound = await startInboundStack({ start: START });
    t = await startApiStack(START, inbound.stack);
    // cognito-local with the seeded users, checked by the gateway as `npm start` does.
    auth = await startSignIn();
    // `npm start`'s gateway: the API, and its local-only routes (`POST /local/clock/advance?hours=N`
    // moves the emulator's clock and dispatches whatever falls due before answering).
    gateway = await startLocalApiGateway({
      port: 0,
      handler: t.handler,
      // As API Gateway routes them: the preview and classify routes to their own functions.
      otherFunction: routeToOtherFunctions(t.handlers),
      authorizer: auth.authorizer,
      local: makeLocalRoutes({
        store: inbound.stack.store,
        scheduler: inbound.stack.emulator,
        demo: { campaignId: 'no-demo' },
        // The tour never opens an unsubscribe link.
        unsubscribe: { useCase: {} as never, consultancyName: 'Northwind Careers' },
      }),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await auth?.stop();
    await inbound?.stop();
    rmSync(configHome, { recursive: true, force: true });
  });

  /** `rapport …args` as a child process against the test's API. */
  function rapport(...args: string[]): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            RAPPORT_API: gateway.endpoint,
            RAPPORT_POLL_MS: '50',
            XDG_CONFIG_HOME: configHome,
            RAPPORT_COGNITO_ENDPOINT: auth.cognito.endpoint,
            RAPPORT_COGNITO_CLIENT_ID: auth.cognito.clientId,
          },
          timeout: 30_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** `rapport --json …args`, which must succeed: its JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read field by field
  async function json(...args: string[]): Promise<any> {
    const r = await rapport('--json', ...args);
    expect(r.stderr, `rapport ${args.join(' ')}`).toBe('');
    expect(r.code, `rapport ${args.join(' ')}`).toBe(0);
    return JSON.parse(r.stdout);
  }

  const sentTo = async (address: string) => (await inbound.stack.sent()).filter((m) => m.to === address);

  it('signs in first: without it the API answers 401; `rapport login` keeps the token (0600), `whoami` shows it', async () => {
    const before = await rapport('clients');
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('401');
    expect(before.stderr).toContain('rapport login');
    const login = await json('login', '--email', COACH, '--password', 'Rapport-coach-1');
    expect(login).toMatchObject({ email: COACH, groups: ['coach'] });
    const file = join(configHome, 'rapport', 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await json('whoami')).toEqual({ email: COACH, groups: ['coach'] });
    const wrong = await rapport('login', '--email', COACH, '--password', 'wrong-password');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^rapport: sign-in refused/);
    // The saved sign-in is untouched by the failed one.
    expect(await json('whoami')).toMatchObject({ email: COACH });
  });

  it('client → campaign → import (bad rows, replay) → launch → outreach → reply → meeting → thank-you → timeline', async () => {
    // A client, with the resume the outreach attaches.
    const client = await json(
      'clients',
      'create',
      '--first-name',
      'Sam',
      '--last-name',
      'Okafor',
      '--email',
      'sam.okafor@client.example',
      '--sender',
      'sam.okafor',
      '--time-zone',
      'Europe/London',
      '--field',
      'UX research',
      '--introduction',
      'I am moving from hospital nursing into UX research.',
    );
    expect(client).toMatchObject({ firstName: 'Sam', timeZone: 'Europe/London', createdAt: START });
    // [preview branch] POST /clients/{id}/resume + presigned PUT + POST /clients/{id}/resume/confirm.
    const withResume = await json('clients', 'resume', client.id, example('resume.pdf'));
    expect(withResume.resumeKey).toEqual(expect.any(String));

    const campaign = await json('campaigns', 'create', '--client', client.id, '--name', 'Spring outreach');
    expect(campaign).toMatchObject({ clientId: client.id, name: 'Spring outreach', status: 'draft' });

    // [jobs branch] POST /campaigns/{id}/imports (text/csv) → 202 {job}; GET /jobs/{id}. The table for people:
    const imported = await rapport('import', example('contacts.csv'), '--campaign', campaign.id);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^import job [0-9a-f-]{36}: succeeded$/m);
    expect(imported.stdout).toMatch(/│ imported\s+│ 8\s+│/);
    expect(imported.stdout).toMatch(/│ duplicates\s+│ 0\s+│/);
    expect(imported.stdout).toMatch(/│ \d+\s+│ email\s+│ .+│/);
    expect(imported.stdout).toMatch(/│ \d+\s+│ time_zone\s+│ .+│/);

    // The same file again: nothing new; the same two rows refused.
    const replay = await json('import', example('contacts.csv'), '--campaign', campaign.id);
    expect(replay).toMatchObject({ kind: 'import', campaignId: campaign.id, state: 'succeeded' });
    expect(replay.result).toMatchObject({ imported: 0, duplicates: 8, suppressed: 0 });
    expect(replay.result.invalid.map((i: { field: string }) => i.field).sort()).toEqual([
      'email',
      'time_zone',
    ]);
    const jobs = await json('jobs', '--campaign', campaign.id);
    expect(jobs.items).toHaveLength(2);

    // [jobs branch] POST /campaigns/{id}/launch → 202 {job}.
    const launch = await json('launch', campaign.id);
    expect(launch).toMatchObject({ kind: 'launch', campaignId: campaign.id, state: 'succeeded' });
    // [reads branch] GET /campaigns/{id}/board: all 8 prospects planned, none sent yet.
    const board = await json('board', campaign.id);
    const counted = boardColumns(board).reduce((n, c) => n + (c.count ?? 0), 0);
    expect(counted).toBe(8);
    expect(await inbound.stack.sent()).toEqual([]);

    // A day later every outreach went out, once each, and landed in the SES emulator; no bad row got one.
    expect(await json('clock', 'advance', '1d')).toMatchObject({ now: '2027-03-02T08:00:00.000Z' });
    const outreach = await inbound.stack.sent();
    expect(outreach.map((m) => m.to).sort()).toEqual([...VALID].sort());
    const landed = await inbound.stack.inSesEmulator();
    for (const m of outreach) {
      expect(landed.has(m.messageId)).toBe(true);
      expect(m.mail.attachments.map((a) => a.contentType)).toContain('application/pdf');
    }

    // [reads branch] the contacts in a stage; GET /contacts/{id}.
    const contacted = await json('contacts', campaign.id, '--stage', 'contacted');
    const priya = contacted.items.find((c: { email: string }) => c.email === VALID[0]);
    expect(priya).toBeDefined();

    // [preview branch] GET /contacts/{id}/preview/{step}: the exact email, as it went out.
    const [priyaOutreach] = await sentTo(VALID[0] as string);
    const preview = await json('preview', priya.id, 'outreach');
    expect(preview.subject).toBe(priyaOutreach?.subject);
    expect(preview.attachments).toEqual(expect.arrayContaining([expect.stringMatching(/\.pdf$/)]));

    // [preview branch] POST /replies/classify: how the reply will be read, as JSON.
    const reading = await rapport('classify', example('reply.eml'), '--time-zone', 'America/New_York');
    expect(reading.code).toBe(0);
    const classified = JSON.parse(reading.stdout);
    expect(classified).toMatchObject({ intent: 'accepted', autoReply: false, referrals: [] });
    expect(classified.proposedTimes.map((t: string) => Date.parse(t))).toEqual([
      Date.parse('2027-03-04T19:00:00Z'),
    ]);

    // Priya replies over SMTP to the Reply-To address of her outreach, proposing a time.
    const replyTo = priyaOutreach?.mail.replyTo?.value[0]?.address as string;
    expect(replyTo).toMatch(/^reply\+.+@in\./);
    const outcome = await inbound.deliver(readFileSync(example('reply.eml')), replyTo);
    expect(outcome).toMatchObject({ outcome: 'recorded', reading: { intent: 'accepted' } });
    const replied = await json('contact', priya.id);
    expect(replied.contact.stage).toBe('replied');
    // Thursday 4 March, 2 pm Eastern, with the contact's offset.
    expect(replied.proposedTimes).toEqual(['2027-03-04T14:00:00-05:00']);

    // [actions branch] POST /contacts/{id}/meeting: the proposed time; the confirmation goes out the day before.
    const booked = await rapport(
      'meeting',
      'book',
      priya.id,
      '--start',
      replied.proposedTimes[0],
      '--video-link',
      'https://meet.example/sam-priya',
    );
    expect(booked.stderr).toBe('');
    expect(booked.code).toBe(0);
    expect(await json('clock', 'advance', '2d')).toMatchObject({ now: '2027-03-04T08:00:00.000Z' });
    const confirmation = (await sentTo(VALID[0] as string))[1];
    expect(confirmation?.mail.attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(true);

    // After the meeting (3 pm Eastern; the thank-you goes 3 h after its end, in the personal
    // window): held, the personal line, and the thank-you carries it.
    expect(await json('clock', 'advance', '12h')).toMatchObject({ now: '2027-03-04T20:00:00.000Z' });
    expect((await rapport('meeting', 'held', priya.id)).code).toBe(0);
    const line = 'Your tip about diary studies changed how I plan my first project.';
    expect((await rapport('thank-you', priya.id, line)).code).toBe(0);
    await json('clock', 'advance', '1d');
    const toPriya = await sentTo(VALID[0] as string);
    expect(toPriya).toHaveLength(3);
    expect(toPriya[2]?.mail.text).toContain(line);

    // The timeline, as people read it.
    const timeline = await rapport('contact', priya.id);
    expect(timeline.code).toBe(0);
    for (const event of [
      'imported',
      'email_sent',
      'reply_received',
      'meeting_booked',
      'meeting_held',
      'personal_line_added',
    ]) {
      expect(timeline.stdout).toContain(event);
    }
    expect(timeline.stdout).toContain('2027-03-04T14:00:00-05:00');

    // Any error: one line, non-zero exit.
    const missing = await rapport('clients', 'show', '00000000-0000-4000-8000-000000000000');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^rapport: show client refused \(404 [a-z_]+\): .+ \(.+\)\n$/);
  });
});
