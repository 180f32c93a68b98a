/**
 * Issue 11's Show, in Debian's Chromium (playwright-core): the coach signs in, adds a client and a
 * campaign, imports examples/contacts.csv, launches, moves the local clock, watches Priya's card go
 * from `queued` to `contacted`, opens her outreach as the exact preview, replies over SMTP, sees the
 * reading on the timeline, books the proposed time through the form and sees the confirmation
 * planned. On the campaign page the funnel downloads as CSV and the personal window saves and reloads. axe-core on the board and the contact page: no serious or critical violation.
 * Screenshots (1280 and 375 px wide) under test-results/dashboard/.
 *
 * The stack is the CLI tour's (emulators, the API on the local gateway) plus the dashboard under
 * /app/. Sign-in goes through InitiateAuth against cognito-local with its seeded users (the login
 * contract's password flow); the gateway verifies the ID token every API request carries as a Bearer.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNNEL_CSV_COLUMNS } from '#domain/funnel-report.ts';
import {
  type ApiGatewayHandler,
  type LocalApiGateway,
  startLocalApiGateway,
} from '#local/api-gateway-events.ts';
import { routeToOtherFunctions } from '#local/api-other-functions.ts';
import { passwordSignIn } from '#local/cognito.ts';
import { makeLocalRoutes } from '#local/control-page.ts';
import { dashboardUploadCors, makeWebAppRoutes } from '#local/web-app.ts';
import { buildWeb } from '../../web/build.ts';
import { type SignIn, startSignIn } from '../integration/api/sign-in.ts';
import { type ApiStack, startApiStack } from '../integration/api/support.ts';
import { type InboundStack, startInboundStack } from '../integration/workflow/inbound-stack.ts';
import { launchChromium, seriousViolations } from './browser.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const ROOT = join(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-results/dashboard');
const COACH = { email: 'coach@rapport.local', password: 'Rapport-coach-1' };
const PRIYA = 'priya.raman@lumen-health.example';

/** Screenshots at 1280 and 375 px; at 375 nothing may scroll sideways. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [1280, 375]) {
    // The whole page in the viewport (no resize while the picture is taken: the sandboxed preview
    // iframe paints in its own process), settled (two frames painted) first.
    await page.setViewportSize({ width, height: 900 });
    const height = (await page.evaluate('document.documentElement.scrollHeight')) as number;
    await page.setViewportSize({ width, height });
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`) });
    if (width === 375) {
      const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
      expect(scrollWidth, `${name} at 375 px scrolls sideways`).toBeLessThanOrEqual(375);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('the coach’s dashboard in Chromium', () => {
  let inbound: InboundStack;
  let t: ApiStack;
  let gateway: LocalApiGateway;
  /** cognito-local with the seeded users; the gateway checks every token as `npm start` does. */
  let cognito: SignIn;
  let browser: Browser;
  const authorizations = new Set<string | undefined>();

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dist = join(ROOT, 'test-results/dashboard/dist');
    const [stackUp, cognitoUp] = await Promise.all([
      startInboundStack({ start: START }),
      startSignIn(),
      buildWeb(dist),
    ]);
    inbound = stackUp;
    cognito = cognitoUp;
    t = await startApiStack(START, inbound.stack);
    // Every request the API function sees: its Authorization header.
    const handler: ApiGatewayHandler = (event, context) => {
      authorizations.add(event.headers.authorization);
      return t.handler(event, context);
    };
    gateway = await startLocalApiGateway({
      port: 0,
      handler,
      otherFunction: routeToOtherFunctions(t.handlers),
      authorizer: cognito.authorizer,
      app: makeWebAppRoutes({
        root: dist,
        config: {
          apiBase: '',
          auth: passwordSignIn(cognito.cognito),
          local: { sesOutboxUrl: 'http://127.0.0.1:8005/' },
        },
      }),
      local: makeLocalRoutes({
        store: inbound.stack.store,
        scheduler: inbound.stack.emulator,
        demo: { campaignId: 'no-demo' },
        unsubscribe: { useCase: {} as never, consultancyName: 'Northwind Careers' },
      }),
    });
    // As npm start does: the bucket lets the page PUT the resume to its presigned URL (S3 needs the same).
    const s3 = new S3Client({
      endpoint: inbound.stack.s3.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: inbound.stack.s3.credentials,
    });
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: inbound.stack.s3.bucket,
        CORSConfiguration: dashboardUploadCors(gateway.endpoint),
      }),
    );
    s3.destroy();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await cognito?.stop();
    await inbound?.stop();
  });

  it('sign in → client → campaign → import → launch → clock → outreach preview → reply → book → confirmation', async () => {
    // The viewer is in Paris; the contacts are elsewhere: cards show both times.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Europe/Paris',
      locale: 'en-GB',
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.setDefaultTimeout(15_000);

    // Sign in as the coach (a wrong password first: the message shows, nothing else).
    await page.goto(`${gateway.endpoint}/app/`);
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Email').fill(COACH.email);
    await signIn.getByLabel('Password').fill('wrong');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    // Cognito's message, shown as is: AWS says "Incorrect username or password.", cognito-local "Invalid password".
    await page.getByText(/Incorrect username or password\.|Invalid password/).waitFor();
    await signIn.getByLabel('Password').fill(COACH.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();

    // A client: a bad address first, its message next to the field; then the good one.
    const newClient = page.getByRole('form', { name: 'New client' });
    await newClient.getByLabel('First name').fill('Sam');
    await newClient.getByLabel('Last name').fill('Okafor');
    await newClient.getByLabel('Email').fill('sam.okafor@client');
    await newClient.getByLabel('Sender (before the @)').fill('sam.okafor');
    // The zone field starts at the browser's zone and suggests every IANA zone as one types.
    const zoneField = newClient.getByLabel('Time zone');
    expect(await zoneField.inputValue()).toBe('Europe/Paris');
    const zoneList = await zoneField.getAttribute('list');
    expect(await page.locator(`datalist#${zoneList} option[value="Europe/London"]`).count()).toBe(1);
    await zoneField.fill('Europe/London');
    await newClient.getByLabel('Field explored').fill('UX research');
    await newClient.getByLabel('Background line').fill('I am moving from hospital nursing into UX research.');
    // The browser's own check would stop an invalid email: this one passes it, the API refuses it.
    await newClient.getByRole('button', { name: 'Add client' }).click();
    const emailError = newClient.locator('input[name=email] ~ small.error');
    await emailError.waitFor();
    expect(await newClient.locator('input[name=email]').getAttribute('aria-invalid')).toBe('true');
    await newClient.getByLabel('Email').fill('sam.okafor@client.example');
    await newClient.getByRole('button', { name: 'Add client' }).click();
    await page.getByRole('status').getByRole('link', { name: 'Sam' }).click();
    await page.getByRole('heading', { name: 'Sam Okafor' }).waitFor();
    // The resume the outreach attaches: a presigned PUT from the page to the bucket, then confirmed.
    await page.getByLabel('Resume (PDF)').setInputFiles(join(ROOT, 'examples/resume.pdf'));
    await page.getByRole('button', { name: 'Upload resume' }).click();
    await page.getByText('Resume uploaded.').waitFor();
    await page.getByText(/resume uploaded$/).waitFor();

    await page.getByLabel('Campaign name').fill('Spring outreach');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('status').getByRole('link', { name: 'Spring outreach' }).click();
    await page.getByRole('heading', { name: /Spring outreach/ }).waitFor();

    // CSV import: 8 rows in, the 2 bad ones listed.
    await page.getByLabel('CSV file').setInputFiles(join(ROOT, 'examples/contacts.csv'));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText(/Imported 8 · duplicates 0 · suppressed 0 · invalid 2/).waitFor();
    expect(await page.getByRole('table', { name: 'Rows not imported' }).locator('tbody tr').count()).toBe(2);

    // Launch: every card in `queued`.
    await page.getByRole('button', { name: 'Launch' }).click();
    await page.getByText('Launched 8 contacts.').waitFor();
    const column = (stage: string) => page.locator(`section.column[data-stage="${stage}"]`);
    const priyaIn = (stage: string) => column(stage).locator('li.card', { hasText: 'Priya Raman' });
    await priyaIn('queued').waitFor();
    const card = await priyaIn('queued').textContent();
    expect(card).toContain('Lumen Health');
    expect(card).toMatch(/Next: outreach/);
    expect(card).toMatch(/their time \(America\/New_York\)/);
    expect(card).toMatch(/your time/);
    expect(await inbound.stack.sent()).toEqual([]);

    // The funnel downloads as CSV: fetched with the coach's token, saved as funnel-<campaign name>.csv.
    const campaignId = page.url().split('/').at(-1) as string;
    const downloadCsv = page.getByRole('button', { name: 'Download CSV' });
    await downloadCsv.focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('funnel-Spring outreach.csv');
    const csv = readFileSync(await download.path(), 'utf8').split(/\r?\n/);
    expect(csv[0]).toBe(FUNNEL_CSV_COLUMNS.join(','));
    expect(csv[1]).toMatch(new RegExp(`^campaign,${campaignId},Spring outreach,`));
    await page.getByText('Saved funnel-Spring outreach.csv.').waitFor();

    // The personal window (thank-you and referrer notes): a bad one named by field, then saved and reloaded.
    const settings = page.getByRole('form', { name: 'Send window' });
    await settings
      .getByText('Thank-you notes go out 3 hours after the meeting, inside this window, within 24 hours.')
      .waitFor();
    const personalOpens = settings.getByLabel("Personal window opens (contact's time)");
    const personalCloses = settings.getByLabel("Personal window closes (contact's time)");
    expect(await personalOpens.inputValue()).toBe('08:00');
    expect(await personalCloses.inputValue()).toBe('20:00');
    await personalOpens.fill('19:00');
    await personalCloses.fill('09:00');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('must be after start (19:00)').waitFor();
    expect(await personalCloses.getAttribute('aria-invalid')).toBe('true');
    expect((await t.call('GET', `/campaigns/${campaignId}`)).body.policy.personalWindow.start).toBe('08:00');
    await personalOpens.fill('09:00');
    await personalCloses.fill('19:30');
    const personalDays = settings.getByRole('group', { name: 'Personal window days' });
    await personalDays.getByLabel('Sun').uncheck();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.locator('p[role=status]', { hasText: 'Saved.' }).waitFor();
    expect((await t.call('GET', `/campaigns/${campaignId}`)).body.policy.personalWindow).toEqual({
      days: [1, 2, 3, 4, 5, 6],
      start: '09:00',
      end: '19:30',
    });
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'campaign');
    await page.reload();
    await page.getByRole('heading', { name: /Spring outreach/ }).waitFor();
    expect(await personalOpens.inputValue()).toBe('09:00');
    expect(await personalCloses.inputValue()).toBe('19:30');
    expect(await personalDays.getByLabel('Sun').isChecked()).toBe(false);
    expect(await personalDays.getByLabel('Sat').isChecked()).toBe(true);

    // A day later the outreach went out: the card moves to `contacted`.
    await page.getByText('Local clock: 2027-03-01 08:00 UTC').waitFor();
    await page.getByRole('button', { name: '+1 day' }).click();
    await page.getByText('Local clock: 2027-03-02 08:00 UTC').waitFor();
    await priyaIn('contacted').waitFor();
    expect(await priyaIn('queued').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'board');

    // Her contact page: the outreach exactly as sent, in a sandboxed iframe.
    await priyaIn('contacted').getByRole('link', { name: 'Priya Raman' }).click();
    await page.getByRole('heading', { name: /Priya Raman/ }).waitFor();
    const [outreach] = (await inbound.stack.sent()).filter((m) => m.to === PRIYA);
    expect(outreach).toBeDefined();
    await page.locator('li[data-event="email_sent"]').getByRole('button', { name: 'Show email' }).click();
    const frame = page.locator('iframe[title="The outreach email as sent"]');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await page.locator('.preview').textContent()).toContain(outreach?.subject as string);
    const srcdoc = (await frame.getAttribute('srcdoc')) as string;
    expect(srcdoc).toContain('Priya');
    expect(await frame.contentFrame().locator('body').textContent()).toContain('Priya');

    // Priya replies over SMTP, proposing a time; the timeline shows how it was read.
    const replyTo = outreach?.mail.replyTo?.value[0]?.address as string;
    const delivered = await inbound.deliver(readFileSync(join(ROOT, 'examples/reply.eml')), replyTo);
    expect(delivered).toMatchObject({ outcome: 'recorded', reading: { intent: 'accepted' } });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const reading = page.locator('li[data-event="reply_received"] .reading');
    await reading.filter({ hasText: 'accepted' }).waitFor();
    expect(await reading.textContent()).toContain('Proposed: Thu 4 Mar, 14:00 (their time)');

    // Book the proposed time in one click (Thursday 4 March, 2 pm New York time) over video.
    const proposed = page.getByRole('group', { name: 'They proposed (their time)' }).getByRole('button');
    expect(await proposed.count()).toBe(1);
    await proposed.click();
    const form = page.getByRole('form', { name: 'Book the meeting' });
    expect(await form.getByLabel('Date').inputValue()).toBe('2027-03-04');
    expect(await form.getByLabel('Time', { exact: true }).inputValue()).toBe('14:00');
    expect(await form.getByLabel('Time zone').inputValue()).toBe('America/New_York');
    expect(await form.getByLabel('Time zone').getAttribute('list')).toBe(zoneList);
    await form.getByLabel('Video link or tel: number').fill('https://meet.example/sam-priya');
    // Picking a sixth question breaks the rules at once; unpicking it mends them.
    const extra = form.locator('input[name=questions]').last();
    await extra.check();
    await form.getByText(/needs exactly 5 questions, got 6/).waitFor();
    expect(await form.getByRole('button', { name: 'Book meeting' }).isDisabled()).toBe(true);
    await extra.uncheck();
    await form.getByText('The five questions follow the rules (2 · 1 · 2).').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'contact-reply');
    await form.getByRole('button', { name: 'Book meeting' }).click();

    // The confirmation is planned (the day before, in her window), and shown among the next emails.
    await page.locator('ul.next-emails li', { hasText: 'confirmation' }).waitFor();
    const priya = (await t.call('GET', `/contacts/${page.url().split('/').at(-1) as string}`)).body;
    expect(priya.contact.stage).toBe('meeting_booked');
    expect(priya.contact.meeting.start).toBe('2027-03-04T19:00:00.000Z');
    expect(priya.nextEmails.map((n: { step: string }) => n.step)).toContain('confirmation');
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'contact');

    // Erase asks first; Escape closes the dialog and nothing is erased.
    await page.getByRole('button', { name: 'Erase contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase this contact?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await t.call('GET', `/contacts/${priya.contact.id}`)).status).toBe(200);

    // Every API call carried the coach's id token; the page threw nothing.
    // One signed-in coach: one ID token (cognito-local's, verified by the gateway) on every call.
    expect(authorizations.size).toBe(1);
    expect([...authorizations][0]).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
