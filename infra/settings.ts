/**
 * The deployment's settings: one committed JSON file per environment, `infra/env/<name>.json`, chosen
 * with `-c env=<name>` (default `example`), validated at synth so a typo fails `cdk synth` naming the
 * key instead of failing a deploy or the first cold start. The file is the only source: nothing is
 * read from `-c key=value` or cdk.json, so a deploy cannot silently run with yesterday's flags.
 *
 * `example.json` holds placeholders (a domain rapport does not own, a made-up postal address): any
 * other environment that still carries one of them is refused, naming the key. One environment per
 * AWS account and region: SES keeps one active receipt rule set per region and one identity per
 * domain, so two environments in one region would fight over both.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROOT } from './bundling/bundle-function.ts';

/** Where the environment files live. */
export const ENV_DIR = join(ROOT, 'infra', 'env');
/** The environment of the committed placeholders (the default: synth and tests run offline with it). */
export const EXAMPLE_ENV = 'example';

const domain = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name');

const schema = z.strictObject({
  /** The SES domain every email is sent From (verified by the DKIM records output after deploy). */
  senderDomain: domain,
  /** The domain of the per-contact Reply-To addresses (`reply+<token>@…`), received by SES. */
  inboundDomain: domain,
  consultancyName: z.string().min(1),
  brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be #rrggbb'),
  logoUrl: z.url(),
  postalAddress: z.string().min(1),
  /** Where alarm notifications are e-mailed (confirm the subscription after the first deploy). */
  alarmEmail: z.email(),
  /** A custom domain in front of the unsubscribe Function URL; empty: links use the Function URL. */
  unsubscribeBaseUrl: z.union([z.literal(''), z.url()]).default(''),
  /**
   * The coaches' hosted sign-in UI: `https://<prefix>.auth.<region>.amazoncognito.com` (unique per
   * region; lower-case letters, digits, hyphens). Empty: `rapport-<account id>`.
   */
  loginDomainPrefix: z
    .union([
      z.literal(''),
      z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a Cognito domain prefix'),
    ])
    .default(''),
  /**
   * The dashboard's URL when a custom domain fronts its distribution (`https://dash.example.com/app/`):
   * the sign-in callback and the API's CORS origin. Empty: the distribution's own `https://<id>.cloudfront.net/app/`.
   */
  dashboardUrl: z.union([z.literal(''), z.url()]).default(''),
  /** Days raw inbound mail (`inbound/`) and quarantined mail (`quarantine/`) are kept. */
  mailRetentionDays: z.number().int().min(1).max(3650).default(90),
  /**
   * Activate the SES receipt rule set at deploy (a custom resource). It REPLACES whatever rule set is
   * active in the region; off: run the command printed as `InboundActivation` once.
   */
  activateReceiving: z.boolean().default(false),
  /**
   * The account's SES maximum send rate (emails per second, `aws sesv2 get-account`): when set,
   * dispatch's reserved concurrency is sized to it. Off by default — a new account's concurrency
   * quota of 10 makes any reservation fail the first deploy.
   */
  sesMaxSendRate: z.number().positive().optional(),
  /** Reserved (= maximum) concurrency of the public unsubscribe function, capping abuse. Off by default. */
  unsubscribeReservedConcurrency: z.number().int().min(1).optional(),
  /** Where a campaign that paused itself (and a consultancy-wide stop) is reported; empty: only logged. */
  operationsEmail: z.union([z.email(), z.literal('')]).default(''),
  /**
   * The optional model reader of replies: a Bedrock foundation model id (e.g. `amazon.nova-micro-v1:0`)
   * or a cross-Region inference profile id (`us.amazon.nova-micro-v1:0`, which newer models require)
   * the inbound and classify functions may invoke (`constructs/model-reader-grant.ts`); empty
   * (default): the rules reader alone, no Bedrock permission.
   */
  modelReader: z
    .union([z.literal(''), z.string().regex(/^[a-z0-9-]+\.[a-zA-Z0-9.:-]+$/, 'must be a Bedrock model id')])
    .default(''),
  /** A custom domain in front of the resume Function URL (resume mode `link`); empty: links use the Function URL. */
  resumeBaseUrl: z.union([z.literal(''), z.url()]).default(''),
  /**
   * ISO country code whose law governs the consultancy's email: emails to contacts show the postal
   * address only where it requires one (US, CA); empty: always shown.
   */
  consultancyCountry: z
    .union([z.literal(''), z.string().regex(/^[A-Z]{2}$/, 'must be a country code like US or GB')])
    .default(''),
  /** Days a resume link stays valid (default 60). */
  resumeLinkDays: z.coerce.number().int().min(1).max(365).default(60),
});

export type Settings = z.infer<typeof schema>;
export const SETTING_KEYS = Object.keys(schema.shape) as (keyof Settings)[];
/** The keys whose example values stand for the consultancy's own: refused outside `example`. */
export const PLACEHOLDER_KEYS = [
  'senderDomain',
  'inboundDomain',
  'consultancyName',
  'logoUrl',
  'postalAddress',
  'alarmEmail',
] as const satisfies readonly (keyof Settings)[];

/** Dispatch's reserved concurrency for a send rate: one send takes about a second, so rate ≈ concurrency. */
export function dispatchConcurrencyFor(sesMaxSendRate: number): number {
  return Math.max(1, Math.floor(sesMaxSendRate));
}

export interface LoadSettingsOptions {
  /** The environment's name (`-c env=<name>`). @default 'example' */
  env?: string;
  /** Where the env files are. @default infra/env */
  dir?: string;
  /** Settings that win over the file (tests). */
  overrides?: Partial<Settings>;
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/** The environment's settings, validated; throws naming each bad key and the file. */
export function loadSettings({ env = EXAMPLE_ENV, dir = ENV_DIR, overrides = {} }: LoadSettingsOptions = {}) {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(env))
    throw new Error(`-c env=${env}: must be lowercase letters, digits, -`);
  const file = join(dir, `${env}.json`);
  if (!existsSync(file)) {
    const known = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -'.json'.length));
    throw new Error(
      `no environment "${env}": create ${file} (copy example.json; keys in infra/README.md). Known: ${known.join(', ')}`,
    );
  }
  const raw = { ...readJson(file), ...overrides };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) =>
      i.code === 'unrecognized_keys'
        ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`
        : `"${String(i.path[0])}": ${i.message}`,
    );
    throw new Error(`invalid rapport settings in ${file}: ${problems.join('; ')}`);
  }
  if (env !== EXAMPLE_ENV) {
    const example = readJson(join(dir, `${EXAMPLE_ENV}.json`));
    const placeholders = PLACEHOLDER_KEYS.filter((key) => parsed.data[key] === example[key]);
    if (placeholders.length > 0) {
      throw new Error(
        `${file} still has the example placeholder for ${placeholders.map((k) => `"${k}"`).join(', ')}: set your own value`,
      );
    }
  }
  return parsed.data;
}
