import { expect } from 'vitest';
import { book, TEST_ITEMS, uniqueSlot, upload, type OrderWorld } from './orderKit';
import type { TestServer } from './harness';

/**
 * Books an order in a slot of its own and walks it to `closed` through the API, the way people do: dispatch,
 * accept, depart, check in with the service code, a confirmed quote for the (chargeable) high-altitude fee, start,
 * report, payment, complete, and the customer accepting the work.
 */
export async function closedOrder(t: TestServer, w: OrderWorld, engineer = 0): Promise<{ id: string; orderNo: string }> {
  const E = w.engineers[engineer]!;
  const act = async (id: string, step: string, token: string, body?: unknown) => {
    const res = await t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });
    expect(res.status, `${step}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  const order = await book(t, w, { slot: uniqueSlot(w) });
  await act(order.id, 'dispatch', w.tokens.manager, { engineerId: E.engineerId });
  await act(order.id, 'accept', E.token);
  await act(order.id, 'depart', E.token);
  const code = await act(order.id, 'service-code', w.customer.token);
  await act(order.id, 'check-in', E.token, { serviceCode: code.qrText });
  const quoted = await act(order.id, 'quotes', E.token, { items: [{ code: TEST_ITEMS.fee, quantity: 1 }] });
  await act(order.id, `quotes/${quoted.quotes.at(-1).no}/confirm`, w.customer.token);
  await act(order.id, 'start', E.token);
  const photo = await upload(t, E.token, { kind: 'report_photo', orderId: order.id });
  const signature = await upload(t, E.token, { kind: 'signature', orderId: order.id });
  await act(order.id, 'report', E.token, { diagnosis: '外机积尘，散热不良', actions: '清洗外机，试机正常', partsUsed: [], photoIds: [photo.body.id], signatureId: signature.body.id });
  await act(order.id, 'payment', E.token, { method: 'cash', amountFen: quoted.quotes.at(-1).totalFen, receiptNo: `CASH-${order.orderNo}` });
  await act(order.id, 'complete', E.token);
  const closed = await act(order.id, 'accept-work', w.customer.token);
  expect(closed.status).toBe('closed');
  return { id: order.id, orderNo: order.orderNo };
}

/** A valid answer to the default template: every element 5, problem solved, would recommend. */
export function goodAnswer(overrides: { scores?: Record<string, number>; [key: string]: unknown } = {}) {
  const { scores, ...rest } = overrides;
  return {
    scores: { punctuality: 5, appearance: 5, explanation: 5, transparent_charges: 5, diagnosis: 5, problem_solved: 5, clean_site: 5, courtesy: 5, overall: 5, ...scores },
    problemSolved: true,
    recommendation: 9,
    comment: '师傅很专业，准时上门',
    ...rest,
  };
}
