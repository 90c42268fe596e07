import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/http/router.js';
import type { Route } from '../../src/http/route.js';

const route = (method: Route['method'], path: string): Route => ({ method, path, auth: 'public', handle: async () => new Response(null) });

describe('createRouter', () => {
  const routes = [route('GET', '/jobs/:id'), route('POST', '/jobs/:id/retry'), route('GET', '/jobs/stats'), route('POST', '/webhook/zapier'), route('GET', '/webhook/exotel'), route('POST', '/webhook/exotel')];
  const router = createRouter(routes);

  it('finds a literal path by method, with no params, and a fresh params object each time', () => {
    const first = router.match('POST', '/webhook/zapier');
    expect(first).toEqual({ kind: 'found', route: routes[3], params: {} });
    expect(router.match('GET', '/webhook/exotel')).toMatchObject({ route: routes[4] });
    expect(router.match('POST', '/webhook/exotel')).toMatchObject({ route: routes[5] });
    const second = router.match('POST', '/webhook/zapier');
    expect(first.kind === 'found' && second.kind === 'found' && first.params !== second.params).toBe(true);
  });

  it('prefers a literal segment over a parameter, and decodes parameters', () => {
    expect(router.match('GET', '/jobs/stats')).toMatchObject({ route: routes[2] });
    expect(router.match('GET', '/jobs/a%20b')).toEqual({ kind: 'found', route: routes[0], params: { id: 'a b' } });
  });

  it('matches paths with empty segments as before, and answers the methods a path allows', () => {
    expect(router.match('POST', '/webhook//zapier/')).toMatchObject({ route: routes[3] });
    expect(router.match('GET', '/webhook/zapier')).toEqual({ kind: 'wrong-method', allow: ['POST'] });
    expect(router.match('DELETE', '/webhook/exotel')).toEqual({ kind: 'wrong-method', allow: ['GET', 'HEAD', 'POST'] });
    expect(router.match('GET', '/nowhere')).toEqual({ kind: 'none' });
    expect([router.serves('/webhook/zapier'), router.serves('/jobs/x/retry'), router.serves('/nowhere')]).toEqual([true, true, false]);
  });
});
