import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type UnsubscribeResponse, unsubscribePages } from '#mail/unsubscribe-page.ts';
import { logger } from '#shared/logger.ts';
import { maskEmail, type Unsubscribe } from '#usecases/unsubscribe.ts';
import { lambdaHandler } from './middleware.ts';
import { deployment, once, unsubscribeUseCase } from './setup.ts';

/** What the page needs of a request: the HTTP method, the query string and the (raw) body. */
export interface UnsubscribeRequest {
  method: string;
  query: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

export type { UnsubscribeResponse };

export interface UnsubscribePageDeps {
  unsubscribe: Pick<Unsubscribe, 'unsubscribe' | 'describe'>;
  /** Shown on every page: whose emails these were. */
  consultancyName: string;
}

const MAX_BODY = 16 * 1024;

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
  const pages = unsubscribePages(deps.consultancyName);

  return async function respond(request: UnsubscribeRequest): Promise<UnsubscribeResponse> {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') return pages.methodNotAllowed();
    const token = request.query.token;
    if (!token) return pages.notValid();
    try {
      if (method === 'GET') {
        const described = await deps.unsubscribe.describe(token);
        if (described.outcome !== 'valid') return pages.notValid();
        return pages.confirm(described.maskedEmail, token);
      }
      const raw = request.body ?? '';
      const body = request.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (!isOneClickBody(body)) return pages.notOneClick();
      const result = await deps.unsubscribe.unsubscribe(token);
      if (result.outcome === 'invalid_link') return pages.notValid();
      logger.info('unsubscribe', { contactId: result.contactId, outcome: result.outcome });
      const masked = maskEmail(result.email);
      return result.outcome === 'unsubscribed'
        ? pages.unsubscribed(masked)
        : pages.alreadyUnsubscribed(masked);
    } catch (error) {
      logger.error('unsubscribe failed', { error });
      return pages.failed();
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

const respond = once(() => {
  const setup = deployment();
  return makeUnsubscribePage({
    unsubscribe: unsubscribeUseCase(setup),
    consultancyName: setup.config.mail.consultancyName,
  });
});

export const handler = lambdaHandler(
  (event) => requestFromEvent(event as APIGatewayProxyEventV2),
  (request) => respond()(request),
);
