import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Upload } from '../src/modules/uploads/model';
import { book, buildWorld, PNG_1x1, uniqueSlot, upload, type OrderWorld } from './orderKit';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

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

/** A valid PNG header claiming huge dimensions: a decompression bomb in a few hundred bytes. */
function bombPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type), data, Buffer.alloc(4)]);
  };
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.alloc(1000)))]);
}

describe('POST /api/v1/uploads', () => {
  it('stores a customer’s fault photo and serves it back to them with its real type', async () => {
    const res = await upload(t, w.customer.token, { kind: 'fault_photo' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ mime: 'image/png', width: 1, height: 1, orderId: null });
    const got = await fetch(`${t.url}${res.body.url}`, { headers: { authorization: `Bearer ${w.customer.token}` } });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer()).equals(PNG_1x1)).toBe(true);
  });

  it('judges the type from the bytes: a script renamed .jpg and an SVG are refused with 415', async () => {
    const before = await Upload.countDocuments();
    const script = await upload(t, w.customer.token, { kind: 'fault_photo' }, Buffer.from('#!/bin/sh\nrm -rf /\n'), 'photo.jpg');
    expect(script.status).toBe(415);
    expect(script.body.error.id).toBe('unsupported_file_type');
    const svg = await upload(t, w.customer.token, { kind: 'fault_photo' }, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'photo.png');
    expect(svg.status).toBe(415);
    expect(await Upload.countDocuments()).toBe(before);
  });

  it('refuses files over 5 MB (413) and images claiming enormous dimensions', async () => {
    const big = Buffer.concat([PNG_1x1, Buffer.alloc(5 * 1024 * 1024)]);
    const res = await upload(t, w.customer.token, { kind: 'fault_photo' }, big);
    expect(res.status).toBe(413);
    expect(res.body.error.id).toBe('file_too_large');
    const bomb = await upload(t, w.customer.token, { kind: 'fault_photo' }, bombPng());
    expect(bomb.status).toBe(413);
    expect(bomb.body.error.message).toContain('100000×100000');
  });

  it('rejects an unknown kind with 400 naming the field', async () => {
    const res = await upload(t, w.customer.token, { kind: 'selfie' });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0].path).toBe('kind');
  });

  it('lets only the assigned engineer attach report photos to an order', async () => {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: w.engineers[0]!.engineerId } });
    expect((await upload(t, w.engineers[0]!.token, { kind: 'report_photo', orderId: order.id })).status).toBe(201);
    expect((await upload(t, w.engineers[1]!.token, { kind: 'report_photo', orderId: order.id })).status).toBe(404);
    expect((await upload(t, w.customer.token, { kind: 'report_photo', orderId: order.id })).status).toBe(403);
  });
});

describe('GET /api/v1/uploads/:id', () => {
  it('serves an order’s photo to its customer, engineer and outlet staff, and 404 to anyone else', async () => {
    const photo = await upload(t, w.customer.token, { kind: 'fault_photo' });
    const order = await book(t, w, { photoIds: [photo.body.id], slot: uniqueSlot(w) });
    expect(order.fault.photoIds).toEqual([photo.body.id]);
    await t.request('POST', `/api/v1/orders/${order.id}/dispatch`, { token: w.tokens.manager, body: { engineerId: w.engineers[0]!.engineerId } });
    const get = (token: string) => fetch(`${t.url}/api/v1/uploads/${photo.body.id}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await get(w.customer.token)).toBe(200);
    expect(await get(w.engineers[0]!.token)).toBe(200);
    expect(await get(w.tokens.manager)).toBe(200);
    expect(await get(w.stranger.token)).toBe(404);
    expect(await get(w.engineers[1]!.token)).toBe(404);
    expect(await get(w.tokens.otherManager)).toBe(404);
  });

  it('does not let a photo be used by a second order', async () => {
    const photo = await upload(t, w.customer.token, { kind: 'fault_photo' });
    await book(t, w, { photoIds: [photo.body.id] });
    const again = await t.request('POST', '/api/v1/orders', {
      token: w.customer.token,
      body: { category: 'air_conditioner', serviceType: 'repair', addressId: w.customer.addressId, faultDescription: '再用同一张照片', photoIds: [photo.body.id], slot: { day: w.day, window: '09-11' } },
      headers: { 'idempotency-key': 'reuse-photo-00001' },
    });
    expect(again.status).toBe(400);
    expect(again.body.error.fields[0].path).toBe('photoIds');
  });
});
