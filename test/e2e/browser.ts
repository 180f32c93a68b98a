/** The e2e tests' browser: Debian's Chromium through playwright-core, and axe-core in a page. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '../..');

/** The page's axe-core serious and critical violations (rule id and the first element). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8') });
  // Run in the page (a string: this file is typed for Node, not the DOM).
  const violations = (await page.evaluate('axe.run(document).then((r) => r.violations)')) as {
    id: string;
    impact: string;
    nodes: { target: string[] }[];
  }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes[0]?.target.join(' ')}`);
}

/** Headless Chromium, quiet (no background traffic). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A 1280 px page of the dashboard at `endpoint`, signed in with the password form (the keyboard's
 * Enter), on the Clients page; `pageErrors` collects the page's uncaught errors.
 */
export async function signedInPage(
  browser: Browser,
  endpoint: string,
  email: string,
  password: string,
): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.setDefaultTimeout(15_000);
  await page.goto(`${endpoint}/app/`);
  const signIn = page.getByRole('form', { name: 'Sign in' });
  await signIn.getByLabel('Email').fill(email);
  await signIn.getByLabel('Password').fill(password);
  await signIn.getByLabel('Password').press('Enter');
  await page.getByRole('heading', { name: 'Clients' }).waitFor();
  return { page, pageErrors };
}
