/**
 * PLACEHOLDER — replaced at merge by the preview branch (the preview function: previews and
 * `POST /replies/classify`, served behind the same HTTP API). It exists so that the infra branch
 * can bundle, wire and synthesize the function; it answers every request with 503.
 */
export async function handler() {
  return {
    statusCode: 503,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      error: { code: 'unavailable', message: 'previews are not deployed yet', field: null },
    }),
  };
}
