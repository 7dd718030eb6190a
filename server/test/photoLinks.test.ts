import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book, buildWorld, customerToken, PNG_1x1, TEST_ITEMS, uniqueSlot, upload, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Short-lived signed photo links (uploads/links.ts): issued only to an order's parties, usable without a session,
 * refused when tampered with (403) or expired (410).
 */
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

const act = async (id: string, step: string, token: string, body?: unknown) => {
  const res = await t.request('POST', `/api/v1/orders/${id}/${step}`, { token, ...(body ? { body } : {}) });
  expect(res.status, `${step}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
};

/** An order with a customer's fault photo, a submitted report (site photo, signature) and a complaint photo. */
async function reportedOrder() {
  const E = w.engineers[0]!;
  const fault = await upload(t, w.customer.token, { kind: 'fault_photo' });
  const order = await book(t, w, { photoIds: [fault.body.id], slot: uniqueSlot(w) });
  await act(order.id, 'dispatch', w.tokens.manager, { engineerId: E.engineerId });
  await act(order.id, 'accept', E.token);
  await act(order.id, 'depart', E.token);
  const code = await act(order.id, 'service-code', w.customer.token);
  await act(order.id, 'check-in', E.token, { serviceCode: code.qrText });
  const quoted = await act(order.id, 'quotes', E.token, { items: [{ code: TEST_ITEMS.fee, quantity: 1 }] });
  await act(order.id, `quotes/${quoted.quotes.at(-1).no}/confirm`, w.customer.token);
  await act(order.id, 'start', E.token);
  const site = await upload(t, E.token, { kind: 'report_photo', orderId: order.id });
  const signature = await upload(t, E.token, { kind: 'signature', orderId: order.id });
  await act(order.id, 'report', E.token, { diagnosis: '电容老化', actions: '更换电容，试机正常', partsUsed: [], photoIds: [site.body.id], signatureId: signature.body.id });
  const complaint = await upload(t, w.customer.token, { kind: 'complaint_photo', orderId: order.id });
  expect(complaint.status).toBe(201);
  return { order, ids: { fault: fault.body.id as string, site: site.body.id as string, signature: signature.body.id as string, complaint: complaint.body.id as string } };
}

const links = (orderId: string, token: string) => t.request('GET', `/api/v1/orders/${orderId}/photos`, { token });
const fetchImage = (url: string) => fetch(t.url + url);

describe('GET /api/v1/orders/:id/photos', () => {
  it('gives the order’s customer, its engineer, its outlet’s staff and a platform admin links to the images they may see', async () => {
    const { order, ids } = await reportedOrder();
    const customer = await links(order.id, w.customer.token);
    expect(customer.status).toBe(200);
    expect(customer.body.items.map((p: { id: string }) => p.id)).toEqual([ids.fault, ids.site, ids.signature, ids.complaint]);
    expect(customer.body.items.map((p: { kindLabel: string }) => p.kindLabel)).toEqual(['故障照片', '现场照片', '客户签名', '投诉照片']);
    for (const p of customer.body.items) expect(p.url).toMatch(new RegExp(`^/api/v1/photos/${p.id}\\?exp=\\d+&sig=[\\w-]{43}$`));

    // The engineer sees the customer's fault photo and his report, not the complaint photos.
    const engineer = await links(order.id, w.engineers[0]!.token);
    expect(engineer.status).toBe(200);
    expect(engineer.body.items.map((p: { id: string }) => p.id)).toEqual([ids.fault, ids.site, ids.signature]);

    for (const token of [w.tokens.manager, w.tokens.admin]) {
      const staff = await links(order.id, token);
      expect(staff.status).toBe(200);
      expect(staff.body.items).toHaveLength(4);
    }
  });

  it('gives nobody else a link: another customer, another engineer, another outlet’s manager, anonymous', async () => {
    const { order } = await reportedOrder();
    const another = await customerToken(t);
    for (const token of [another.token, w.stranger.token, w.engineers[1]!.token, w.tokens.otherManager]) {
      const res = await links(order.id, token);
      expect(res.status).toBe(404);
      expect(res.body.error.id).toBe('not_found');
      expect(JSON.stringify(res.body)).not.toContain('/photos/');
    }
    expect((await t.request('GET', `/api/v1/orders/${order.id}/photos`)).status).toBe(401);
  });
});

describe('GET /api/v1/photos/:id (a signed link)', () => {
  it('serves the image without a session, with its real type and a private cache no longer than the link lives', async () => {
    const { order, ids } = await reportedOrder();
    const { body } = await links(order.id, w.customer.token);
    const site = body.items.find((p: { id: string }) => p.id === ids.site);
    const res = await fetchImage(site.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG_1x1)).toBe(true);
    const cache = res.headers.get('cache-control')!;
    expect(cache).toMatch(/^private, max-age=\d+$/);
    const maxAge = Number(cache.split('=')[1]);
    const lifetime = (new Date(body.expiresAt).getTime() - t.clock.now().getTime()) / 1000;
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(Math.min(lifetime, t.config.PHOTO_URL_TTL_SECONDS));
    expect(lifetime).toBeLessThanOrEqual(t.config.PHOTO_URL_TTL_SECONDS + 60);
  });

  it('refuses a tampered link with 403: another photo’s id, a later expiry, a changed signature', async () => {
    const { order, ids } = await reportedOrder();
    const { body } = await links(order.id, w.customer.token);
    const url = new URL(body.items.find((p: { id: string }) => p.id === ids.site).url, t.url);
    const exp = Number(url.searchParams.get('exp'));
    const sig = url.searchParams.get('sig')!;
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const tampered = [
      `/api/v1/photos/${ids.complaint}?exp=${exp}&sig=${sig}`,
      `/api/v1/photos/${ids.site}?exp=${exp + 3600}&sig=${sig}`,
      `/api/v1/photos/${ids.site}?exp=${exp}&sig=${flip(sig, 0)}`,
      `/api/v1/photos/${ids.site}?exp=${exp}&sig=${flip(sig, 42)}`,
    ];
    for (const path of tampered) {
      const res = await t.request('GET', path);
      expect(res.status, path).toBe(403);
      expect(res.body.error.id).toBe('forbidden');
    }
    // Missing or malformed parts are named.
    const bare = await t.request('GET', `/api/v1/photos/${ids.site}`);
    expect(bare.status).toBe(400);
    expect(bare.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['query.exp', 'query.sig']);
  });

  it('refuses an expired link with 410, and a fresh link works again', async () => {
    const { order, ids } = await reportedOrder();
    const first = await links(order.id, w.engineers[0]!.token);
    const fault = first.body.items.find((p: { id: string }) => p.id === ids.fault);
    expect((await fetchImage(fault.url)).status).toBe(200);
    t.clock.set(new Date(new Date(first.body.expiresAt).getTime() + 1000));
    const expired = await t.request('GET', fault.url);
    expect(expired.status).toBe(410);
    expect(expired.body.error.id).toBe('link_expired');
    const again = await links(order.id, w.engineers[0]!.token);
    expect((await fetchImage(again.body.items.find((p: { id: string }) => p.id === ids.fault).url)).status).toBe(200);
  });
});
