import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type OrderWorld } from './orderKit';
import { closedOrder, goodAnswer } from './surveyKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/** The order offers its customer 评价本次服务 (the `rate_service` action) on a closed order until the survey is in. */
let t: TestServer;
let w: OrderWorld;
beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t, { capacity: 20 });
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const actions = async (orderId: string, token: string) => (await t.request('GET', `/api/v1/orders/${orderId}`, { token })).body.actions as string[];

describe('rate_service', () => {
  it('is offered to the customer of a closed order, to nobody else, and no longer once the survey is submitted', async () => {
    const order = await closedOrder(t, w);
    expect(await actions(order.id, w.customer.token)).toContain('rate_service');
    expect(await actions(order.id, w.engineers[0]!.token)).not.toContain('rate_service');
    expect(await actions(order.id, w.tokens.manager)).not.toContain('rate_service');

    const submitted = await t.request('POST', `/api/v1/orders/${order.id}/survey`, { token: w.customer.token, body: goodAnswer() });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(await actions(order.id, w.customer.token)).not.toContain('rate_service');
  });
});
