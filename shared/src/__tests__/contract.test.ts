import { describe, expect, it } from 'vitest';
import { allEndpoints, api, fillPath, planRequest } from '../contract';

describe('the contract table', () => {
  it('names every endpoint once, by area and name, with a response declared (a schema, or null for no JSON body)', () => {
    const all = allEndpoints();
    expect(all.length).toBeGreaterThan(100);
    expect(new Set(all.map((e) => e.name)).size).toBe(all.length);
    for (const { name, endpoint } of all) {
      expect(endpoint.response === null || typeof endpoint.response.safeParse === 'function', name).toBe(true);
      // A null response is only for no body (204) or a non-JSON body (CSV, HTML, images, metrics).
      if (endpoint.response === null) expect(endpoint.status === 204 || Boolean(endpoint.produces), name).toBe(true);
    }
  });
});

describe('turning a call into a request', () => {
  it('fills path parameters, encoded, and keeps query, body and headers', () => {
    const planned = planRequest(api.orders.reschedule, { params: { id: 'a/b c' }, body: { slot: { day: '2026-12-08', window: '09-11' } } });
    expect(planned).toMatchObject({ method: 'POST', path: '/orders/a%2Fb%20c/reschedule', root: false, authenticated: true });
    expect(planned.body).toEqual({ slot: { day: '2026-12-08', window: '09-11' } });
  });

  it('sends no token to a public endpoint, and marks root endpoints', () => {
    expect(planRequest(api.orders.availability, { query: { districtCode: '330106', category: 'air_conditioner', from: '2026-12-08', to: '2026-12-09' } })).toMatchObject({
      method: 'GET',
      path: '/slots/availability',
      authenticated: false,
      query: { districtCode: '330106' },
    });
    expect(planRequest(api.health.ready, {})).toMatchObject({ root: true, authenticated: false });
  });

  it('refuses to build a path with a parameter missing', () => {
    expect(() => fillPath(api.orders.get, {})).toThrow(/id/);
    expect(() => fillPath(api.orders.get, { id: '' })).toThrow(/id/);
  });
});
