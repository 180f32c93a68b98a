/**
 * Issue 16's outreach check in the dashboard, in Debian's Chromium (playwright-core): a launch the
 * check refuses shows each contact's findings in a table (the contact linked), and "Launch anyway"
 * with a reason launches, the reason recorded on the campaign. Keyboard only; axe-core on the
 * refusal: no serious or critical violation. Screenshot (1280 px) under test-results/launch-refusal/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalApiGateway, startLocalApiGateway } from '#local/api-gateway-events.ts';
import { routeToOtherFunctions } from '#local/api-other-functions.ts';
import { passwordSignIn } from '#local/cognito.ts';
import { makeWebAppRoutes } from '#local/web-app.ts';
import { buildWeb } from '../../web/build.ts';
import { ADMIN, type SignIn, startSignIn } from '../integration/api/sign-in.ts';
import { type ApiStack, campaignWithIntroduction, startApiStack } from '../integration/api/support.ts';
import { launchChromium, seriousViolations, signedInPage } from './browser.ts';

// Monday 2027-03-01 08:00 UTC.
const START = '2027-03-01T08:00:00.000Z';
const ROOT = join(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-results/launch-refusal');

describe('a launch the outreach check refuses, in the dashboard', () => {
  let api: ApiStack;
  let cognito: SignIn;
  let gateway: LocalApiGateway;
  let browser: Browser;
  let campaignId = '';
  let contactId = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dist = join(SHOTS, 'dist');
    [api, cognito] = await Promise.all([startApiStack(START), startSignIn(), buildWeb(dist)]);
    gateway = await startLocalApiGateway({
      port: 0,
      handler: api.handler,
      otherFunction: routeToOtherFunctions(api.handlers),
      authorizer: cognito.authorizer,
      app: makeWebAppRoutes({ root: dist, config: { apiBase: '', auth: passwordSignIn(cognito.cognito) } }),
    });
    // The client's introduction asks for a job: every outreach breaks the method's first rule.
    campaignId = await campaignWithIntroduction(
      api,
      'I was a nurse for eight years. Are there any openings on your research team?',
      { tag: 'refusal', campaign: 'Spring' },
    );
    contactId = (await api.call('GET', `/campaigns/${campaignId}/contacts?stage=prospect`)).body.items[0].id;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await cognito?.stop();
    await api?.stack.stop();
  });

  it('shows the findings per contact, and launches anyway with a reason', async () => {
    const { page, pageErrors } = await signedInPage(browser, gateway.endpoint, ADMIN, 'Rapport-admin-1');
    await page.goto(`${gateway.endpoint}/app/#/campaigns/${campaignId}`);

    const launch = page.getByRole('button', { name: 'Launch', exact: true });
    await launch.focus();
    await page.keyboard.press('Enter');
    const refusal = page.getByRole('region', { name: 'The outreach check stopped the launch' });
    await refusal.waitFor();
    const row = refusal.getByRole('row', { name: /priya\.raman@lumen-health\.example/ });
    expect(await row.first().textContent()).toContain('ask for advice, not a job');
    expect(
      await refusal.getByRole('link', { name: 'priya.raman@lumen-health.example' }).getAttribute('href'),
    ).toBe(`#/contacts/${contactId}`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'refusal-1280.png'), fullPage: true });
    expect((await api.call('GET', `/campaigns/${campaignId}`)).body.status).toBe('draft');

    // Launch anyway: the reason, then Enter.
    const reason = refusal.getByLabel('Launch anyway: the reason (recorded on the campaign)');
    await reason.focus();
    await page.keyboard.type('Priya asked Sam to write about openings');
    await page.keyboard.press('Enter');
    await page.getByText('Launched 1 contacts.').waitFor();
    expect(await refusal.count()).toBe(0);
    const campaign = (await api.call('GET', `/campaigns/${campaignId}`)).body;
    expect(campaign.status).toBe('active');
    expect(campaign.launchOverride).toMatchObject({ reason: 'Priya asked Sam to write about openings' });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
