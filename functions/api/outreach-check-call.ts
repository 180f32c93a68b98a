/**
 * The launch's outreach check, asked of the preview function (it has the renderer; the API function's
 * bundle cannot carry it): the payload v2 event of `GET /campaigns/{campaignId}/outreach-check` with
 * the caller's own authorizer context, so the preview function checks access as for any request.
 * `invoke` runs the preview function: a synchronous Lambda invoke in AWS
 * (`#adapters/lambda-function-invoker.ts`), its handler in process locally and in the tests.
 */
import type { OutreachCheckReport } from '#usecases/launch-check.ts';
import { authorizerOf, type Caller } from './caller.ts';
import { ApiError, type ErrorCode } from './errors.ts';
import type { ApiResponse } from './http.ts';

export type InvokeFunction = (event: Record<string, unknown>) => Promise<ApiResponse>;

export function outreachCheckVia(invoke: InvokeFunction) {
  return async (campaignId: string, caller: Caller | undefined): Promise<OutreachCheckReport> => {
    const path = `/campaigns/${encodeURIComponent(campaignId)}/outreach-check`;
    const response = await invoke({
      version: '2.0',
      routeKey: 'GET /campaigns/{campaignId}/outreach-check',
      rawPath: path,
      rawQueryString: '',
      headers: {},
      requestContext: {
        http: { method: 'GET', path },
        ...(caller ? { authorizer: authorizerOf(caller) } : {}),
      },
      isBase64Encoded: false,
    });
    const body = response.body ? (JSON.parse(response.body) as unknown) : undefined;
    if (response.statusCode === 200) return body as OutreachCheckReport;
    const error = (body as { error?: { code?: ErrorCode; message?: string; field?: string | null } })?.error;
    // Its refusals are the request's (404, 403); its failures are a service that is busy or down.
    if (response.statusCode < 500 && error?.code) {
      throw new ApiError(
        response.statusCode,
        error.code,
        error.message ?? 'refused',
        error.field ?? undefined,
      );
    }
    throw new ApiError(
      503,
      'unavailable',
      `the outreach check could not run (${response.statusCode}); retry shortly`,
    );
  };
}

export type OutreachCheck = ReturnType<typeof outreachCheckVia>;
