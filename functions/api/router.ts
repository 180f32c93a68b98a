/** Method + path pattern → route: `/campaigns/{campaignId}/launch` matches `/campaigns/abc/launch`. */

export type Params = Record<string, string>;

export interface RouteMatch<R> {
  route: R;
  params: Params;
}

export type Lookup<R> =
  | { outcome: 'found'; match: RouteMatch<R> }
  | { outcome: 'no_route' }
  /** The path exists with other methods (`allowed`). */
  | { outcome: 'wrong_method'; allowed: string[] };

function matchPattern(pattern: string, path: string): Params | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Params = {};
  for (const [i, part] of want.entries()) {
    const segment = got[i] as string;
    if (part.startsWith('{') && part.endsWith('}')) {
      let value: string;
      try {
        value = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
      params[part.slice(1, -1)] = value;
    } else if (part !== segment) return undefined;
  }
  return params;
}

export function makeRouter<R extends { method: string; pattern: string }>(routes: readonly R[]) {
  return function lookup(method: string, path: string): Lookup<R> {
    const allowed: string[] = [];
    for (const route of routes) {
      const params = matchPattern(route.pattern, path);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { outcome: 'found', match: { route, params } };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { outcome: 'wrong_method', allowed } : { outcome: 'no_route' };
  };
}
