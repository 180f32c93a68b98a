/**
 * PLACEHOLDER — replaced at merge by the jobs branch (the jobs function: runs an import or launch
 * job by id, invoked asynchronously by the API function). It exists so that the infra branch can
 * bundle, wire and synthesize the function; it fails every invocation.
 */
export async function handler(): Promise<never> {
  throw new Error('the jobs function is not deployed yet');
}
