/**
 * Issue 14 item 2: the settings come from one committed file per environment (`infra/env/<name>.json`),
 * chosen with `-c env=<name>`, validated at synth; any environment but `example` that still carries an
 * example placeholder is refused, naming the key. cdk.json no longer carries settings.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';
import { ENV_DIR, loadSettings, PLACEHOLDER_KEYS, SETTING_KEYS } from '../../infra/settings.ts';

const example = JSON.parse(readFileSync(join(ENV_DIR, 'example.json'), 'utf8')) as Record<string, unknown>;
/** A filled-in environment: every placeholder replaced. */
const acme = {
  ...example,
  senderDomain: 'mail.acme-careers.com',
  inboundDomain: 'reply.acme-careers.com',
  consultancyName: 'Acme Careers',
  logoUrl: 'https://acme-careers.com/logo.png',
  postalAddress: '5 Market Street, Leeds LS1 6DT',
  alarmEmail: 'ops@acme-careers.com',
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-env-'));
  writeFileSync(join(dir, 'example.json'), JSON.stringify(example));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});
const writeEnv = (name: string, value: object) =>
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(value));

describe('environment files', () => {
  it('the committed example loads, with the defaults of the optional settings', () => {
    const settings = loadSettings();
    expect(settings).toMatchObject({ senderDomain: 'mail.example-consultancy.com', mailRetentionDays: 90 });
    expect(settings.activateReceiving).toBe(false);
    expect(settings.sesMaxSendRate).toBeUndefined();
    expect(settings.unsubscribeReservedConcurrency).toBeUndefined();
  });

  it('a filled-in environment loads', () => {
    writeEnv('prod', acme);
    expect(loadSettings({ env: 'prod', dir })).toMatchObject({ senderDomain: 'mail.acme-careers.com' });
  });

  it('refuses the example placeholders outside `example`, naming every key that still has one', () => {
    writeEnv('prod', example);
    const keys = PLACEHOLDER_KEYS.map((k) => `"${k}"`).join(', ');
    expect(() => loadSettings({ env: 'prod', dir })).toThrow(
      `${join(dir, 'prod.json')} still has the example placeholder for ${keys}: set your own value`,
    );
    writeEnv('staging', { ...acme, inboundDomain: example.inboundDomain });
    expect(() => loadSettings({ env: 'staging', dir })).toThrow(
      /still has the example placeholder for "inboundDomain": set your own value$/,
    );
  });

  it('refuses a missing required setting, a bad value and an unknown key, naming each', () => {
    const { alarmEmail: _, ...noAlarmEmail } = acme;
    writeEnv('prod', { ...noAlarmEmail, mailRetentionDays: 0, alarmEmial: 'ops@acme-careers.com' });
    const error = (() => {
      try {
        loadSettings({ env: 'prod', dir });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(error).toContain('invalid rapport settings in');
    expect(error).toContain('"alarmEmail":');
    expect(error).toContain('"mailRetentionDays":');
    expect(error).toContain('unknown key "alarmEmial"');
  });

  it('names the file and the known environments when the environment does not exist', () => {
    expect(() => loadSettings({ env: 'prod', dir })).toThrow(
      `no environment "prod": create ${join(dir, 'prod.json')} (copy example.json; keys in infra/README.md). Known: example`,
    );
  });

  it('`-c env=<name>` chooses the file the app is built from', () => {
    writeEnv('prod', example);
    // What the CDK CLI hands the app for `-c env=prod`.
    vi.stubEnv('CDK_CONTEXT_JSON', JSON.stringify({ env: 'prod' }));
    expect(() => buildApp({ bundlesDir: join(inject('infraDir'), 'bundles'), envDir: dir })).toThrow(
      /prod\.json still has the example placeholder for "senderDomain"/,
    );
  });

  it('cdk.json carries no setting (the environment file is the only source)', () => {
    const cdkJson = JSON.parse(readFileSync(join(ENV_DIR, '..', '..', 'cdk.json'), 'utf8'));
    expect(Object.keys(cdkJson.context).filter((k) => (SETTING_KEYS as string[]).includes(k))).toEqual([]);
  });
});
