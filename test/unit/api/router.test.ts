import { describe, expect, it } from 'vitest';
import { makeRouter } from '#api/router.ts';

const lookup = makeRouter([
  { method: 'GET', pattern: '/campaigns/{campaignId}' },
  { method: 'PATCH', pattern: '/campaigns/{campaignId}' },
  { method: 'POST', pattern: '/campaigns/{campaignId}/launch' },
]);

describe('API router', () => {
  it('matches method and pattern, with the path parameters decoded', () => {
    expect(lookup('get', '/campaigns/a%20b')).toEqual({
      outcome: 'found',
      match: { route: { method: 'GET', pattern: '/campaigns/{campaignId}' }, params: { campaignId: 'a b' } },
    });
    expect(lookup('POST', '/campaigns/c1/launch')).toMatchObject({ match: { params: { campaignId: 'c1' } } });
  });

  it('tells a path without the method (405, with the methods it has) from no route (404)', () => {
    expect(lookup('DELETE', '/campaigns/c1')).toEqual({ outcome: 'wrong_method', allowed: ['GET', 'PATCH'] });
    expect(lookup('GET', '/campaigns/c1/launch/now')).toEqual({ outcome: 'no_route' });
    expect(lookup('GET', '/campaigns/%E0%A4%A')).toEqual({ outcome: 'no_route' });
  });
});
