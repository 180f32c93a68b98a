/**
 * The public resume function (resume mode `link`): a Function URL without auth — the signed token
 * in the link is the authorisation. GET `?token=` answers the PDF (base64 through the Function URL,
 * well inside Lambda's 6 MB response for a resume the API caps at 2 MB) or a short page saying the
 * link expired or is not valid. `local/control-page.ts` serves the same mapping at /local/resume.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { logger } from '#shared/logger.ts';
import type { ResumeLink } from '#usecases/resume-link.ts';
import { lambdaHandler } from './middleware.ts';
import { deployment, once, resumeLinkUseCase } from './setup.ts';

export interface ResumeRequest {
  method: string;
  query: Record<string, string | undefined>;
}

export interface ResumeResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
} as const;

function page(statusCode: number, text: string): ResumeResponse {
  return {
    statusCode,
    headers: PAGE_HEADERS,
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Resume</title><style>body{font:16px/1.5 system-ui,sans-serif;color:#222;margin:3rem auto;max-width:32rem;padding:0 1rem}</style></head><body><p>${text}</p></body></html>`,
  };
}

/** Maps one request to the PDF or a page, without Lambda (the local gateway serves it too). */
export function makeResumePage(open: ResumeLink) {
  return async function respond(request: ResumeRequest): Promise<ResumeResponse> {
    if (request.method.toUpperCase() !== 'GET') return page(405, 'Only GET is supported here.');
    const result = await open(request.query.token);
    switch (result.outcome) {
      case 'resume':
        return {
          statusCode: 200,
          headers: {
            'content-type': 'application/pdf',
            'content-disposition': 'inline; filename="resume.pdf"',
            'cache-control': 'private, no-store',
            'referrer-policy': 'no-referrer',
            'x-content-type-options': 'nosniff',
          },
          body: result.pdf.toString('base64'),
          isBase64Encoded: true,
        };
      case 'expired':
        return page(410, 'This link to the resume has expired. Reply to the email to ask for a new one.');
      case 'gone':
        return page(410, 'This resume is no longer available.');
      default:
        return page(400, 'This link is not valid.');
    }
  };
}

const respond = once(() => makeResumePage(resumeLinkUseCase(deployment())));

export const handler = lambdaHandler(
  (event) => {
    const e = event as APIGatewayProxyEventV2;
    return { method: e.requestContext.http.method, query: e.queryStringParameters ?? {} } as ResumeRequest;
  },
  async (request) => {
    const response = await respond()(request);
    logger.info('resume link', { status: response.statusCode });
    return response;
  },
);
