/**
 * The CLI's saved sign-in: kept per API URL with mode 0600, sent as is while it is fresh, refreshed
 * with REFRESH_TOKEN_AUTH (and saved again) when it has expired — against a stand-in for Cognito's
 * InitiateAuth that records what it was asked.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFile, forgetSignIn, loadSignIn } from '../../../cli/credentials.ts';
import { freshIdToken, signInWithPassword } from '../../../cli/sign-in.ts';

const API = 'http://127.0.0.1:4591';
let server: Server;
let endpoint: string;
const asked: { flow: string; parameters: Record<string, string> }[] = [];
let configHome: string;
const previous = process.env.XDG_CONFIG_HOME;

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => {
      text += String(c);
    });
    req.on('end', () => {
      const body = JSON.parse(text) as { AuthFlow: string; AuthParameters: Record<string, string> };
      asked.push({ flow: body.AuthFlow, parameters: body.AuthParameters });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (body.AuthFlow === 'USER_PASSWORD_AUTH' && body.AuthParameters.PASSWORD !== 'right') {
        res.statusCode = 400;
        res.end(
          JSON.stringify({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }),
        );
        return;
      }
      const n = asked.length;
      res.end(
        JSON.stringify({
          AuthenticationResult: {
            IdToken: `id-${n}`,
            ...(body.AuthFlow === 'USER_PASSWORD_AUTH' ? { RefreshToken: 'refresh-1' } : {}),
            ExpiresIn: 3600,
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  if (previous === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = previous;
});

describe('rapport login: the saved sign-in', () => {
  const settings = () => ({ endpoint, region: 'us-east-1', clientId: 'client-1' });
  const at = new Date('2027-03-01T08:00:00Z');

  afterEach(() => {
    asked.length = 0;
    rmSync(configHome, { recursive: true, force: true });
  });

  it('keeps the tokens per API URL in a 0600 file, sends a fresh one as is, refreshes an expired one', async () => {
    configHome = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    process.env.XDG_CONFIG_HOME = configHome;
    const saved = await signInWithPassword(`${API}/`, settings(), 'coach@rapport.local', 'right', at);
    expect(saved).toMatchObject({
      idToken: 'id-1',
      refreshToken: 'refresh-1',
      expiresAt: '2027-03-01T09:00:00.000Z',
    });
    expect(statSync(credentialsFile()).mode & 0o777).toBe(0o600);
    expect(loadSignIn(API)).toEqual(saved);

    // Fresh: no call.
    expect(await freshIdToken(API, saved, new Date('2027-03-01T08:30:00Z'))).toBe('id-1');
    expect(asked).toHaveLength(1);
    // Within a minute of its expiry (or past it): refreshed, and saved with the old refresh token.
    expect(await freshIdToken(API, saved, new Date('2027-03-01T08:59:30Z'))).toBe('id-2');
    expect(asked[1]).toEqual({ flow: 'REFRESH_TOKEN_AUTH', parameters: { REFRESH_TOKEN: 'refresh-1' } });
    expect(loadSignIn(API)).toMatchObject({
      idToken: 'id-2',
      refreshToken: 'refresh-1',
      expiresAt: '2027-03-01T09:59:30.000Z',
    });
    expect(forgetSignIn(API)).toBe(true);
    expect(loadSignIn(API)).toBeUndefined();
  });

  it('a wrong password is one line naming the refusal; nothing saved', async () => {
    configHome = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
    process.env.XDG_CONFIG_HOME = configHome;
    await expect(
      signInWithPassword(API, settings(), 'coach@rapport.local', 'wrong', at),
    ).rejects.toMatchObject({
      reason: 'sign-in refused: Incorrect username or password.',
    });
    expect(loadSignIn(API)).toBeUndefined();
  });
});
