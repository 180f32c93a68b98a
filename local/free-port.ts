import { createServer } from 'node:net';

/** Ports this process was given: the OS may hand the same free port out twice in a row. */
const handedOut = new Set<number>();

/**
 * Asks the OS for a free TCP port on loopback, never one this process was given before nor one in
 * `avoid` (ports already chosen by hand): a port is only free until someone binds it, and seven
 * "any free port" picks in a row can otherwise meet.
 */
export async function freePort(avoid: Iterable<number> = []): Promise<number> {
  const taken = new Set(avoid);
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await askOs();
    if (handedOut.has(port) || taken.has(port)) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('could not get a free port: the OS gave only ports already handed out');
}

function askOs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not get a free port'));
      });
    });
  });
}

/** Resolves once something accepts TCP connections on the port, or rejects after the timeout. */
export async function waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}
