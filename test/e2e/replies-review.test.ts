/**
 * Issue 13's coach review queue in the dashboard, in Debian's Chromium (playwright-core): a coach
 * signs in, opens "Replies to review" from the keyboard, sees their own client's unsure reply (never
 * another coach's), and corrects it with the keyboard alone; the queue then says nothing waits, and
 * the correction is in the table. axe-core on the page: no serious or critical violation.
 * Screenshots (1280 px) under test-results/replies-review/.
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
import { COACH, COACH2, type SignIn, startSignIn } from '../integration/api/sign-in.ts';
import { type ApiStack, startApiStack } from '../integration/api/support.ts';
import {
  deliverUnsureReply,
  type InboundStack,
  startInboundStack,
} from '../integration/workflow/inbound-stack.ts';
import { launchChromium, seriousViolations, signedInPage } from './browser.ts';

// Monday 2026-11-30 08:00 UTC: the fixtures are replies written on 1 December 2026.
const START = '2026-11-30T08:00:00.000Z';
const ROOT = join(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-results/replies-review');

describe("a coach's replies to review in the dashboard", () => {
  let world: InboundStack;
  let api: ApiStack;
  let cognito: SignIn;
  let gateway: LocalApiGateway;
  let browser: Browser;
  const mine = { contactId: '', from: '' };
  const theirs = { from: '' };

  /** A contacted contact of a client coached by `coach`, whose unsure reply waits. */
  async function unsureReplyOf(coach: string) {
    const { contact } = await deliverUnsureReply(world, coach);
    return { contactId: contact.id, from: contact.email };
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dist = join(SHOTS, 'dist');
    [world, cognito] = await Promise.all([
      startInboundStack({ start: START }),
      startSignIn(),
      buildWeb(dist),
    ]);
    api = await startApiStack(START, world.stack);
    gateway = await startLocalApiGateway({
      port: 0,
      handler: api.handler,
      otherFunction: routeToOtherFunctions(api.handlers),
      authorizer: cognito.authorizer,
      app: makeWebAppRoutes({ root: dist, config: { apiBase: '', auth: passwordSignIn(cognito.cognito) } }),
    });
    Object.assign(mine, await unsureReplyOf(COACH));
    theirs.from = (await unsureReplyOf(COACH2)).from;
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
    await cognito?.stop();
    await world?.stop();
  });

  it('lists only their own client’s reply, corrected from the keyboard', async () => {
    const { page, pageErrors } = await signedInPage(browser, gateway.endpoint, COACH, 'Rapport-coach-1');

    // From the keyboard: the navigation's link, then Enter.
    const link = page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Replies to review' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Replies to review', level: 1 }).waitFor();
    const card = page.getByRole('article');
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    await expect.poll(() => card.textContent()).toContain('the reading is unsure');
    expect(await page.getByRole('main').textContent()).toContain(mine.from);
    expect(await page.getByRole('main').textContent()).not.toContain(theirs.from);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'queue-1280.png'), fullPage: true });

    // Correct it to "declined" without the mouse: the select, then Tab to "Correct" and Enter.
    const decide = page.getByRole('form', { name: `Decide on the reply from ${mine.from}` });
    const select = decide.getByLabel('Correct to');
    await select.focus();
    await select.selectOption('declined');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Correct');
    await page.keyboard.press('Enter');
    await page.getByText('Nothing waits for you').waitFor();
    expect(pageErrors).toEqual([]);

    const corrected = await api.call('GET', '/replies', { query: { state: 'corrected' } });
    expect(corrected.body.items).toHaveLength(1);
    expect(corrected.body.items[0]).toMatchObject({
      contactId: mine.contactId,
      resolution: { by: 'correct', intent: 'declined' },
    });
    await page.close();
  });
});
