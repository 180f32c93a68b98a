/**
 * The deployment's settings: CDK context values (defaults in cdk.json, override with `-c key=value`),
 * checked once at synth time so a typo fails `cdk synth` with the key named instead of failing the
 * first Lambda cold start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { z } from 'zod';
import { ROOT } from './bundling/bundle-function.ts';

const domain = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name');

const schema = z.object({
  /** The verified SES domain every email is sent From. */
  senderDomain: domain,
  /** The domain of the per-contact Reply-To addresses (`reply+<token>@…`). */
  inboundDomain: domain,
  consultancyName: z.string().min(1),
  brandColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be #rrggbb'),
  logoUrl: z.url(),
  postalAddress: z.string().min(1),
  /** A custom domain in front of the unsubscribe Function URL; empty: links use the Function URL. */
  unsubscribeBaseUrl: z.union([z.literal(''), z.url()]).default(''),
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
  /** Where alarm notifications go; empty: the topic is created without a subscription. */
  alarmEmail: z.union([z.email(), z.literal('')]).default(''),
});

export type Settings = z.infer<typeof schema>;
export const SETTING_KEYS = Object.keys(schema.shape) as (keyof Settings)[];

/** The `context` block of cdk.json: the defaults, also when the app runs outside the CDK CLI. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context?: object };
  return { ...(cdkJson.context ?? {}) };
}

/** Reads every setting from the app's context, `overrides` winning; throws naming each bad key. */
export function readSettings(app: App, overrides: Partial<Settings> = {}): Settings {
  const raw: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) raw[key] = overrides[key] ?? app.node.tryGetContext(key);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `context "${String(i.path[0])}": ${i.message}`);
    throw new Error(`invalid rapport settings: ${problems.join('; ')}`);
  }
  return parsed.data;
}
