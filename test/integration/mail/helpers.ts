/**
 * Reading sent mail back from aws-ses-v2-local, and what it cannot tell us.
 *
 * The emulator (2.10) keeps a parsed copy of a SendRawEmail and rebuilds the .eml from it on
 * `GET /get-emlContent`: the rebuilt message keeps From, Reply-To, To, Subject, both parts and the
 * attachments (whose bytes come back base64-encoded a second time), but drops every other header
 * (In-Reply-To, References, List-Unsubscribe, Auto-Submitted) and ignores configuration sets and
 * tags. So the tests put a recording proxy between the SES adapter and the emulator: it passes
 * every request through unchanged and keeps the exact SendRawEmail parameters that crossed the
 * wire, which is what SES itself would receive.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';

export interface WireSend {
  raw: Buffer;
  params: URLSearchParams;
  messageId: string;
}

export interface RecordingProxy {
  endpoint: string;
  sends: Map<string, WireSend>;
  /** Requests that reached the proxy (sends and anything else). */
  requests: () => number;
  close: () => Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const sends = new Map<string, WireSend>();
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    // A client that gave up, or an emulator that closed its socket, is the test's failure to
    // report, never an unhandled rejection in the worker: the client gets a 502 (or nothing).
    forward(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  });
  async function forward(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(key))
        headers.set(key, value);
    }
    const upstream = await fetch(`${target}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    const text = await upstream.text();
    const params = new URLSearchParams(body.toString('utf8'));
    const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(text)?.[1];
    if (params.get('Action') === 'SendRawEmail' && messageId) {
      sends.set(messageId, {
        raw: Buffer.from(params.get('RawMessage.Data') ?? '', 'base64'),
        params,
        messageId,
      });
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' });
    res.end(text);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    sends,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface StoredEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
}

/** The emulator's copy of a message: found in `/store` by id, then its rebuilt .eml, parsed. */
export async function fetchFromEmulator(sesEndpoint: string, messageId: string): Promise<ParsedMail> {
  const store = (await (await fetch(`${sesEndpoint}/store`)).json()) as { emails: StoredEmail[] };
  const stored = store.emails.find((e) => e.messageId === messageId);
  if (!stored) throw new Error(`message ${messageId} is not in the SES emulator's store`);
  const res = await fetch(`${sesEndpoint}/get-emlContent?messageId=${encodeURIComponent(messageId)}`);
  const json = (await res.json()) as { body: { type: 'Buffer'; data: number[] } };
  return simpleParser(Buffer.from(json.body.data));
}

/** Attachment bytes as sent, undoing the emulator's second base64 encoding. */
export function emulatorAttachmentBytes(content: Buffer): Buffer {
  return Buffer.from(content.toString('latin1'), 'base64');
}

/** A minimal iCalendar reader for the assertions: unfolds lines, keeps each property with its params. */
export function parseIcs(text: string): {
  lines: string[];
  get: (name: string) => { params: string; value: string } | undefined;
} {
  const lines = text.split('\r\n').reduce<string[]>((acc, line) => {
    if (line.startsWith(' ') && acc.length > 0) acc[acc.length - 1] += line.slice(1);
    else if (line) acc.push(line);
    return acc;
  }, []);
  return {
    lines,
    get(name) {
      const line = lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
      if (!line) return undefined;
      // The value starts after the first colon outside a quoted parameter.
      let inQuotes = false;
      for (let i = 0; i < line.length; i++) {
        if (line[i] === '"') inQuotes = !inQuotes;
        if (line[i] === ':' && !inQuotes)
          return { params: line.slice(name.length, i), value: line.slice(i + 1) };
      }
      return undefined;
    },
  };
}
