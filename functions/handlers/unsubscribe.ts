import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { makeAdapters } from '#shared/adapters.ts';
import { loadConfig } from '#shared/config.ts';
import { logger } from '#shared/logger.ts';
import { makeUnsubscribe, maskEmail, type Unsubscribe } from '#usecases/unsubscribe.ts';
import { makeWorkflow, noSending } from '#usecases/workflow.ts';

/** What the page needs of a request: the HTTP method, the query string and the (raw) body. */
export interface UnsubscribeRequest {
  method: string;
  query: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface UnsubscribeResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface UnsubscribePageDeps {
  unsubscribe: Pick<Unsubscribe, 'unsubscribe' | 'describe'>;
  /** Shown on every page: whose emails these were. */
  consultancyName: string;
}

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

const MAX_BODY = 16 * 1024;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Every value of the form's `List-Unsubscribe` field: multipart parts if it has any, else urlencoded pairs. */
function listUnsubscribeValues(body: string): string[] {
  const parts = [
    ...body.matchAll(/name="?List-Unsubscribe"?[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([^\r\n]*)(?:\r?\n|$)/g),
  ];
  if (parts.length > 0) return parts.map((part) => part[1] ?? '');
  return new URLSearchParams(body.trim()).getAll('List-Unsubscribe');
}

/**
 * RFC 8058: the POST carries `List-Unsubscribe=One-Click`, as application/x-www-form-urlencoded or
 * (what the RFC prefers) multipart/form-data. Both are recognised without trusting Content-Type.
 * The form is read once, all of it: every `List-Unsubscribe` value must be `One-Click`, so a form
 * that also says something else is refused whatever the order of its fields.
 */
export function isOneClickBody(body: string): boolean {
  if (body.length > MAX_BODY) return false;
  const values = listUnsubscribeValues(body);
  return values.length > 0 && values.every((value) => value === 'One-Click');
}

/**
 * Maps one request to the page, without Lambda (the local control server serves it too):
 * - GET shows whose address the link is for (masked) and a button that POSTs the one-click form.
 *   It never unsubscribes: link scanners and mail previewers fetch URLs on their own.
 * - POST with the one-click body unsubscribes (mail providers do this without a human).
 * - A missing, tampered or foreign token is a 400 that says only "not valid".
 */
export function makeUnsubscribePage(deps: UnsubscribePageDeps) {
  const brand = escapeHtml(deps.consultancyName);

  function page(statusCode: number, title: string, content: string, extra: Record<string, string> = {}) {
    return {
      statusCode,
      headers: { ...HEADERS, ...extra },
      body: `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — ${brand}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#222;margin:0;padding:3rem 1rem}main{max-width:32rem;margin:0 auto}.brand{color:#666;font-size:.9rem}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#222;color:#fff;cursor:pointer}</style>
</head><body><main><p class="brand">${brand}</p><h1>${escapeHtml(title)}</h1>
${content}
</main></body></html>
`,
    } satisfies UnsubscribeResponse;
  }

  const notValid = () =>
    page(
      400,
      'This link is not valid',
      '<p>It may have been copied incompletely. If you keep receiving emails you do not want, reply to one of them and ask to be removed.</p>',
    );

  return async function respond(request: UnsubscribeRequest): Promise<UnsubscribeResponse> {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') {
      return page(405, 'Method not allowed', '<p>Open the link from the email instead.</p>', {
        allow: 'GET, POST',
      });
    }
    const token = request.query.token;
    if (!token) return notValid();
    try {
      if (method === 'GET') {
        const described = deps.unsubscribe.describe(token);
        if (described.outcome !== 'valid') return notValid();
        const action = `?token=${encodeURIComponent(token)}`;
        return page(
          200,
          'Unsubscribe?',
          `<p>Stop all emails to <strong>${escapeHtml(described.maskedEmail)}</strong> sent through ${brand}, from every campaign.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
        );
      }
      const raw = request.body ?? '';
      const body = request.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (!isOneClickBody(body)) {
        return page(
          400,
          'This request is not valid',
          '<p>Open the link from the email and press the button.</p>',
        );
      }
      const result = await deps.unsubscribe.unsubscribe(token);
      if (result.outcome === 'invalid_link') return notValid();
      logger.info('unsubscribe', { contactId: result.contactId, outcome: result.outcome });
      const who = `<strong>${escapeHtml(maskEmail(result.email))}</strong>`;
      return result.outcome === 'unsubscribed'
        ? page(200, "You're unsubscribed", `<p>${who} will receive no more emails sent through ${brand}.</p>`)
        : page(200, "You're already unsubscribed", `<p>${who} receives no emails sent through ${brand}.</p>`);
    } catch (error) {
      logger.error('unsubscribe failed', { error });
      return page(
        500,
        'Something went wrong',
        '<p>Your request could not be completed. Please try again in a few minutes.</p>',
      );
    }
  };
}

/** The parts of a Function URL / HTTP API (payload v2) event the page reads. */
export function requestFromEvent(event: APIGatewayProxyEventV2): UnsubscribeRequest {
  return {
    method: event.requestContext.http.method,
    query: event.queryStringParameters ?? {},
    body: event.body,
    isBase64Encoded: event.isBase64Encoded,
  };
}

let respond: ((request: UnsubscribeRequest) => Promise<UnsubscribeResponse>) | undefined;

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(
  async (event) => {
    if (!respond) {
      const config = loadConfig();
      const adapters = makeAdapters(config);
      const workflow = makeWorkflow({ ...adapters, dispatch: noSending('unsubscribe') });
      respond = makeUnsubscribePage({
        unsubscribe: makeUnsubscribe({
          store: adapters.store,
          workflow,
          clock: adapters.clock,
          secret: config.mail.unsubscribeSecret,
        }),
        consultancyName: config.mail.consultancyName,
      });
    }
    return respond(requestFromEvent(event));
  },
);
