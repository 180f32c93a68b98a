/**
 * Coach logins on loopback: cognito-local (a child process that dies with this one, like DynamoDB
 * Local's JVM) with rapport's user pool, its app client, the groups `admin` and `coach`, and the
 * seeded users — created on the first start, found and reused on every later one (the data is kept
 * under the data dir).
 *
 * cognito-local has no hosted UI: locally, sign-in is `InitiateAuth` (USER_PASSWORD_AUTH). It signs
 * tokens with a key published in its package, so a token it issues proves nothing outside loopback.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { freePort, waitForPort } from './free-port.ts';
import { spawnWatched } from './watched-child.ts';

export type LocalGroup = 'admin' | 'coach';

export interface LocalUser {
  email: string;
  password: string;
  group: LocalGroup;
}

/** The users every local stack has (username = email), printed by `npm start` and in the README. */
export const LOCAL_USERS: readonly LocalUser[] = [
  { email: 'admin@rapport.local', password: 'Rapport-admin-1', group: 'admin' },
  { email: 'coach@rapport.local', password: 'Rapport-coach-1', group: 'coach' },
  { email: 'coach2@rapport.local', password: 'Rapport-coach-2', group: 'coach' },
];

export const LOCAL_GROUPS: readonly LocalGroup[] = ['admin', 'coach'];

const POOL_NAME = 'rapport';
const CLIENT_NAME = 'rapport-dashboard';
const REGION = 'us-east-1';

export interface RunningCognito {
  /** Where InitiateAuth and the admin calls are POSTed (also the SDK's endpoint). */
  endpoint: string;
  region: string;
  userPoolId: string;
  clientId: string;
  /** The `iss` of its tokens: `http://localhost:<port>/<userPoolId>`. */
  issuer: string;
  jwksUri: string;
  port: number;
  stop(): Promise<void>;
}

function cognitoLocalBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('cognito-local/package.json')), 'lib', 'bin', 'start.js');
}

/**
 * cognito-local keeps its config and data in `.cognito/` under its working directory. It listens on
 * loopback; its tokens name `http://localhost:<port>` as the issuer domain (what the contract says
 * the gateway checks).
 */
function writeConfig(directory: string, port: number): void {
  mkdirSync(join(directory, '.cognito', 'db'), { recursive: true });
  const config = {
    ServerConfig: { hostname: '127.0.0.1', port },
    TokenConfig: { IssuerDomain: `http://localhost:${port}` },
    UserPoolDefaults: { UsernameAttributes: ['email'] },
  };
  writeFileSync(join(directory, '.cognito', 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

export function cognitoClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

const isNotFound = (error: unknown) => (error as { name?: string }).name === 'UserNotFoundException';

/** The pool, its app client, the groups and the seeded users: found, or created when missing. */
export async function ensureLocalPool(
  client: CognitoIdentityProviderClient,
  users: readonly LocalUser[] = LOCAL_USERS,
): Promise<{ userPoolId: string; clientId: string }> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === POOL_NAME)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: POOL_NAME,
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      }),
    );
    userPoolId = created.UserPool?.Id as string;
  }
  const clients = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  let clientId = clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId;
  if (!clientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: CLIENT_NAME,
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    clientId = created.UserPoolClient?.ClientId as string;
  }
  const groups = await client.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
  for (const group of LOCAL_GROUPS) {
    if (groups.Groups?.some((g) => g.GroupName === group)) continue;
    await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }
  for (const user of users) {
    const exists = await client
      .send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: user.email }))
      .then(() => true)
      .catch((error: unknown) => {
        if (isNotFound(error)) return false;
        throw error;
      });
    if (exists) continue;
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: user.email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: user.email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: user.email,
        Password: user.password,
        Permanent: true,
      }),
    );
    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.email, GroupName: user.group }),
    );
  }
  return { userPoolId, clientId };
}

/**
 * Starts cognito-local on 127.0.0.1:`port` (0 or absent: any free port) with its data under
 * `<dataDir>/cognito` (a fresh temporary directory is the caller's to make), and makes sure the pool,
 * client, groups and users exist.
 */
export async function startCognito(options: { port?: number; dataDir: string }): Promise<RunningCognito> {
  const port = options.port || (await freePort());
  const directory = resolve(options.dataDir, 'cognito');
  writeConfig(directory, port);
  // A child that dies with this process, like DynamoDB Local's JVM.
  const running = spawnWatched('cognito-local', process.execPath, [cognitoLocalBin()], {
    cwd: directory,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([waitForPort(port, 60_000), running.exited]);
    const client = cognitoClient(endpoint);
    const { userPoolId, clientId } = await ensureLocalPool(client);
    client.destroy();
    const issuer = `http://localhost:${port}/${userPoolId}`;
    return {
      endpoint,
      region: REGION,
      userPoolId,
      clientId,
      issuer,
      jwksUri: `${endpoint}/${userPoolId}/.well-known/jwks.json`,
      port,
      stop: running.stop,
    };
  } catch (error) {
    await running.stop();
    throw error;
  }
}

/** The dashboard's sign-in settings (`/app/config.json`'s `auth`) for a running cognito-local. */
export function passwordSignIn(cognito: Pick<RunningCognito, 'endpoint' | 'region' | 'clientId'>) {
  return {
    kind: 'password' as const,
    endpoint: cognito.endpoint,
    region: cognito.region,
    clientId: cognito.clientId,
  };
}
