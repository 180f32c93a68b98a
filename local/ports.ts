/**
 * The local stack's ports: one table of what listens where and which variable moves it, checked
 * before anything starts, so a busy port is one line naming the port and its variable.
 */
import { createServer } from 'node:net';
import { freePort } from './free-port.ts';

/** Every port `npm start` listens on, in the order the banner prints them. */
export const LOCAL_PORTS = [
  { name: 'api', env: 'RAPPORT_API_PORT', fallback: 4591, what: 'HTTP API, control page (/local)' },
  { name: 'ses', env: 'RAPPORT_SES_PORT', fallback: 8005, what: 'SES emulator (sent emails UI)' },
  { name: 'smtp', env: 'RAPPORT_SMTP_PORT', fallback: 2525, what: 'inbound MX (SMTP)' },
  { name: 'dynamodb', env: 'RAPPORT_DYNAMODB_PORT', fallback: 8000, what: 'DynamoDB Local' },
  { name: 's3', env: 'RAPPORT_S3_PORT', fallback: 4569, what: 'S3 (s3rver)' },
  { name: 'scheduler', env: 'RAPPORT_SCHEDULER_PORT', fallback: 4580, what: 'Scheduler emulator' },
  { name: 'cognito', env: 'RAPPORT_COGNITO_PORT', fallback: 9229, what: 'cognito-local (sign-in)' },
] as const;

export type PortName = (typeof LOCAL_PORTS)[number]['name'];
export type LocalPorts = Record<PortName, number>;

/** A startup problem the user can fix: printed as its one-line message, no stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}

const envOf = (name: PortName) => LOCAL_PORTS.find((p) => p.name === name)?.env ?? name;

export function portInUse(name: PortName, port: number): StartupError {
  const what = LOCAL_PORTS.find((p) => p.name === name)?.what ?? name;
  return new StartupError(
    `port ${port} (${what}) is already in use: free it or move it with ${envOf(name)}=<port> (0: any free port)`,
  );
}

/**
 * The ports from the environment (`RAPPORT_*_PORT`, the defaults otherwise). 0 means any free port,
 * chosen here so every URL is known before anything starts.
 */
export async function resolvePorts(env: NodeJS.ProcessEnv = process.env): Promise<LocalPorts> {
  const ports = {} as LocalPorts;
  const wanted = new Map<PortName, number>();
  for (const { name, env: variable, fallback } of LOCAL_PORTS) {
    const raw = env[variable]?.trim();
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      throw new StartupError(
        `${variable}=${raw} is not a port: use a whole number from 1 to 65535 (0: any free port)`,
      );
    }
    wanted.set(name, value);
  }
  // "Any free port" (0) never lands on a port given by hand.
  const byHand = [...wanted.values()].filter((p) => p !== 0);
  for (const [name, value] of wanted) ports[name] = value === 0 ? await freePort(byHand) : value;
  const seen = new Map<number, PortName>();
  for (const { name, env: variable } of LOCAL_PORTS) {
    const other = seen.get(ports[name]);
    if (other) {
      throw new StartupError(
        `${variable} and ${envOf(other)} are both ${ports[name]}: give each its own port`,
      );
    }
    seen.set(ports[name], name);
  }
  return ports;
}

function canListen(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** Rejects with a one-line StartupError for the first port something already listens on. */
export async function checkPortsFree(ports: LocalPorts): Promise<void> {
  for (const { name } of LOCAL_PORTS) {
    const error = await canListen(ports[name]);
    if (!error) continue;
    if (error.code === 'EADDRINUSE') throw portInUse(name, ports[name]);
    throw new StartupError(`port ${ports[name]} (${envOf(name)}) cannot be used: ${error.message}`);
  }
}

/** A listen error of one of the stack's ports, as the one line to print (other errors unchanged). */
export function explainListenError(error: unknown, ports: LocalPorts): unknown {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (e?.code !== 'EADDRINUSE') return error;
  const port = e.port ?? Number(/:(\d+)\s*$/.exec(e.message ?? '')?.[1]);
  const name = LOCAL_PORTS.find((p) => ports[p.name] === port)?.name;
  return name ? portInUse(name, port) : new StartupError(`a port is already in use: ${e.message}`);
}
