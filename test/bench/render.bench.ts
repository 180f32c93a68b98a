/**
 * `npm run bench:render`: personalise + compose emails from the precompiled templates, and in the
 * same run the naive way (compile the MJML for every email, then Liquid, then compose). Prints
 * median and p95 per email for both and their ratio against the budget (≤ 1 ms median, ≥ 50×).
 *
 * Both paths build the same outreach with the same resume: the resume is fetched once before the
 * timing (an in-memory BlobStore), so the timing covers data → Liquid → MIME → size check.
 * Run with `--json` for machine-readable output.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';
import mjml2html from 'mjml';
import { buildContactEmail } from '#mail/build-email.ts';
import { composeMessage } from '#mail/compose.ts';
import { TEMPLATES } from '#mail/generated/templates.ts';
import { renderTemplate } from '#mail/render.ts';
import { prepareTemplateData } from '#mail/template-schema.ts';
import { signUnsubscribeToken, unsubscribeUrl } from '#mail/unsubscribe-token.ts';
import { MJML_OPTIONS, SENTINELS } from '#templates/compiler.ts';
import {
  config,
  fakeResume,
  makeCampaign,
  makeClient,
  makeContact,
  memoryBlobs,
} from '../unit/mail/fixtures.ts';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 2_000);
const NAIVE_EMAILS = Number(process.env.BENCH_NAIVE_EMAILS ?? 2_000);
const WARMUP = 200;

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const resume = fakeResume(60_000);
const blobs = memoryBlobs({ 'resumes/cli_sam.pdf': resume });
const client = makeClient();
const campaign = makeCampaign();
const contacts = Array.from({ length: 64 }, (_, i) =>
  makeContact({
    id: `con_${i}`,
    email: `contact${i}@example.com`,
    firstName: `Name${i}`,
    replyToken: `tok${i}`,
  }),
);

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95), n: sorted.length };
}

async function time(n: number, once: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await once(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

// ---- precompiled: the real send path
async function precompiled(i: number) {
  const contact = contacts[i % contacts.length];
  if (!contact) throw new Error('no contact');
  return buildContactEmail({ step: 'outreach', contact, client, campaign, config, blobs, now: new Date() });
}

// ---- naive: compile MJML (layout + body, same sentinels) for every email, then the same steps
const layout = readFileSync(join(root, 'templates/layout.mjml'), 'utf8');
const body = readFileSync(join(root, 'templates/outreach/body.mjml'), 'utf8');
const notices = JSON.parse(readFileSync(join(root, 'templates/notices.json'), 'utf8')) as {
  contact: { html: string };
};
const mjmlSource = layout.replace('<!-- @body -->', body).replace('<!-- @notice -->', notices.contact.html);
const naiveLiquid = new Liquid({ strictVariables: true, outputEscape: 'escape' });
const plainLiquid = new Liquid({ strictVariables: true });
const outreach = TEMPLATES.outreach;

function outreachData(i: number) {
  const contact = contacts[i % contacts.length];
  if (!contact) throw new Error('no contact');
  const url = unsubscribeUrl(
    config.unsubscribeBaseUrl,
    signUnsubscribeToken(contact.id, config.unsubscribeKey),
  );
  const { data } = prepareTemplateData(outreach.variables, {
    consultancy: {
      name: config.consultancyName,
      color: config.brandColor,
      logoUrl: config.logoUrl,
      postalAddress: config.postalAddress,
    },
    unsubscribeUrl: url,
    contact: {
      firstName: contact.firstName,
      lastName: contact.lastName,
      fullName: `${contact.firstName} ${contact.lastName}`,
    },
    client: {
      firstName: client.firstName,
      lastName: client.lastName,
      fullName: 'Sam Okafor',
      field: client.field,
      introduction: client.introduction,
    },
    foundVia: contact.foundVia,
    meetingMinutes: 20,
  });
  return { contact, url, data };
}

/** The naive personalisation: MJML compiled for this email, then Liquid parsed and rendered. */
async function naivePersonalise(i: number) {
  const { contact, url, data } = outreachData(i);
  const { html: compiled } = await mjml2html(mjmlSource, MJML_OPTIONS);
  let html = compiled;
  for (const [sentinel, value] of Object.entries(SENTINELS)) html = html.split(sentinel).join(value);
  return {
    contact,
    url,
    subject: await plainLiquid.parseAndRender(outreach.subject, data),
    html: await naiveLiquid.parseAndRender(html, data),
    text: await plainLiquid.parseAndRender(outreach.text, data),
  };
}

async function naive(i: number) {
  const { contact, url, subject, html, text } = await naivePersonalise(i);
  return composeMessage({
    from: { name: 'Sam Okafor', address: 'sam.okafor@mail.northwind-careers.example' },
    to: [{ address: contact.email }],
    subject,
    date: new Date(),
    html,
    text,
    listUnsubscribeUrl: url,
    attachments: [{ filename: 'Sam Okafor - Resume.pdf', content: resume, contentType: 'application/pdf' }],
  });
}

/** The precompiled personalisation alone: what building MJML once removes from every send. */
async function precompiledPersonalise(i: number) {
  return renderTemplate('outreach', outreachData(i).data);
}

await time(WARMUP, precompiled);
await time(Math.min(WARMUP, 50), naive);
const fast = stats(await time(EMAILS, precompiled));
const slow = stats(await time(NAIVE_EMAILS, naive));
const fastRender = stats(await time(EMAILS, precompiledPersonalise));
const slowRender = stats(await time(NAIVE_EMAILS, naivePersonalise));
// The part nodemailer alone takes, for the record.
const sample = await precompiled(0);
const composeOnly = stats(
  await time(EMAILS, () =>
    composeMessage({
      from: { address: 'a@b.example' },
      to: [{ address: 'c@d.example' }],
      subject: 's',
      date: new Date(),
      html: outreach.html,
      text: outreach.text,
      attachments: [{ filename: 'r.pdf', content: resume, contentType: 'application/pdf' }],
    }),
  ),
);

const ratio = slow.median / fast.median;
const renderRatio = slowRender.median / fastRender.median;
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
const result = {
  precompiled: fast,
  naive: slow,
  composeOnly,
  ratio,
  personalise: { precompiled: fastRender, naive: slowRender, ratio: renderRatio },
  messageBytes: sample.raw.length,
  budget: { medianMs: 1, ratio: 50 },
  ok: fast.median <= 1 && renderRatio >= 50,
};
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(result));
} else {
  console.log(
    `bench:render outreach with a ${Math.round(resume.length / 1000)} KB resume, message ${Math.round(sample.raw.length / 1000)} KB`,
  );
  console.log(`precompiled (Liquid + compose): n=${fast.n} median ${fmt(fast.median)} p95 ${fmt(fast.p95)}`);
  console.log(`naive (MJML per email):         n=${slow.n} median ${fmt(slow.median)} p95 ${fmt(slow.p95)}`);
  console.log(`ratio personalise + compose (naive / precompiled median): ${ratio.toFixed(1)}x`);
  console.log(
    `nodemailer compose alone (both paths pay it): median ${fmt(composeOnly.median)} p95 ${fmt(composeOnly.p95)}`,
  );
  console.log(
    `personalise only, precompiled (Liquid):     n=${fastRender.n} median ${fmt(fastRender.median)} p95 ${fmt(fastRender.p95)}`,
  );
  console.log(
    `personalise only, naive (MJML + Liquid):    n=${slowRender.n} median ${fmt(slowRender.median)} p95 ${fmt(slowRender.p95)}`,
  );
  console.log(`ratio personalise only (naive / precompiled median): ${renderRatio.toFixed(1)}x`);
  console.log(
    `budget: precompiled personalise + compose median ≤ 1 ms ${fast.median <= 1 ? 'OK' : 'FAIL'}; ` +
      `personalise ≥ 50x cheaper than MJML per email ${renderRatio >= 50 ? 'OK' : 'FAIL'}; ` +
      `full-path ratio ${ratio >= 50 ? 'OK' : 'below 50x: compose is a floor both paths share'}`,
  );
}
process.exitCode = result.ok ? 0 : 1;
