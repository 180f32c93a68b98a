/**
 * Coach logins for the tests: cognito-local as `npm start` runs it (the seeded pool, client, groups
 * and users of `#local/cognito.ts`), the local gateway's JWT authorizer, and ID tokens by InitiateAuth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_USERS, type RunningCognito, startCognito } from '#local/cognito.ts';
import { type JwtAuthorizer, makeJwtAuthorizer } from '#local/jwt-authorizer.ts';

export interface SignIn {
  cognito: RunningCognito;
  authorizer: JwtAuthorizer;
  /** The ID token of a seeded user (by email), as `rapport login` gets it. */
  idToken(email: string): Promise<string>;
  /** `{ authorization: 'Bearer <ID token>' }` of a seeded user. */
  bearer(email: string): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export const ADMIN = 'admin@rapport.local';
export const COACH = 'coach@rapport.local';
export const COACH2 = 'coach2@rapport.local';

export async function initiateAuth(
  cognito: Pick<RunningCognito, 'endpoint' | 'clientId'>,
  email: string,
  password: string,
): Promise<{ IdToken: string; AccessToken: string; RefreshToken: string; ExpiresIn: number }> {
  const response = await fetch(cognito.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: cognito.clientId,
      AuthParameters: { USERNAME: email, PASSWORD: password },
    }),
  });
  const body = (await response.json()) as { AuthenticationResult?: never; message?: string };
  if (!response.ok || !body.AuthenticationResult)
    throw new Error(`sign-in of ${email} refused: ${body.message}`);
  return body.AuthenticationResult;
}

export async function startSignIn(): Promise<SignIn> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-cognito-'));
  const cognito = await startCognito({ port: 0, dataDir });
  const authorizer = await makeJwtAuthorizer(cognito);
  const tokens = new Map<string, string>();
  async function idToken(email: string): Promise<string> {
    const known = tokens.get(email);
    if (known) return known;
    const user = LOCAL_USERS.find((u) => u.email === email);
    if (!user) throw new Error(`${email} is not a seeded user`);
    const token = (await initiateAuth(cognito, email, user.password)).IdToken;
    tokens.set(email, token);
    return token;
  }
  return {
    cognito,
    authorizer,
    idToken,
    bearer: async (email) => ({ authorization: `Bearer ${await idToken(email)}` }),
    async stop() {
      await cognito.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
