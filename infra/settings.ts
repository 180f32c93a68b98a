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
  /** Where alarm notifications go; empty: the topic is created without a subscription. */
  alarmEmail: z.union([z.email(), z.literal('')]).default(''),
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
  /** The dashboard's URL, the sign-in callback (`https://<cloudfront>/app/`). Empty: the local one. */
  dashboardUrl: z.union([z.literal(''), z.url()]).default(''),
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
