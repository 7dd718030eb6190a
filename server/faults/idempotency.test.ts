import fs from 'node:fs';
import mongoose, { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/connect';
import { startEmbeddedDb, type EmbeddedDb } from '../src/db/embedded';
import { IdempotencyClaim } from '../src/lib/idempotency';
import { Order, Slot } from '../src/modules/orders/model';
import { keepAliveClient, printFigures, sleep, startServerProcess, tempDir, TransportError, type Client, type Reply, type ServerProcess } from './kit';
import { bookingBody, buildLoadWorld, newKey, slotCycle, type LoadWorld } from './world';

/**
 * Retried bookings under load: 30 Idempotency-Keys, each sent 8 times at once (the way a client on a flaky network
 * retries), while other customers keep booking. Each key makes exactly one order: one 201, every other answer 200 with
 * the same order; the same key with a different body is 409 idempotency_conflict.
 */

const KEYS = 30;
const RETRIES = 8;
const BACKGROUND_LOOPS = 10;

let dir: string;
let engine: EmbeddedDb;
let server: ServerProcess;
let client: Client;
let world: LoadWorld;
const dbName = 'faults_idempotency';

beforeAll(async () => {
  dir = tempDir('idempotency');
  engine = await startEmbeddedDb({ storage: 'memory', port: 0 });
  server = await startServerProcess({ mongoUri: engine.uri, dbName, dataDir: dir });
  await connectDatabase(engine.uri, dbName);
  client = keepAliveClient(server.url, KEYS * RETRIES + BACKGROUND_LOOPS);
  world = await buildLoadWorld(client, 6 + BACKGROUND_LOOPS);
});

afterAll(async () => {
  client?.close();
  server?.kill('SIGTERM');
  await server?.exited;
  await mongoose.disconnect();
  await engine?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('retried bookings with one Idempotency-Key under load', () => {
  it('makes exactly one order per key: one 201, the same order with 200 for every retry, 409 for another body', async () => {
    const retriers = world.customers.slice(0, 6);
    const background = world.customers.slice(6);
    const nextSlot = slotCycle();
    let loading = true;
    let backgroundBooked = 0;
    const backgroundOther: string[] = [];
    const backgroundLoops = background.map(async (customer) => {
      while (loading) {
        const reply = await client.request('POST', '/api/v1/orders', { token: customer.token, body: bookingBody(world, customer, nextSlot()), headers: { 'idempotency-key': newKey('bg') } });
        if (reply.status === 201) backgroundBooked++;
        else backgroundOther.push(`${reply.status} ${reply.text.slice(0, 120)}`);
      }
    });
    await sleep(500);

    /** One request, retried by the client on a connection error or a "same request in progress" 409 (a final answer is what counts). */
    let busyRetries = 0;
    const send = async (customer: LoadWorld['customers'][number], key: string, body: unknown): Promise<Reply> => {
      for (;;) {
        try {
          const reply = await client.request('POST', '/api/v1/orders', { token: customer.token, body, headers: { 'idempotency-key': key } });
          if (reply.status !== 409 || reply.body?.error?.id !== 'conflict') return reply;
          busyRetries++;
        } catch (err) {
          if (!(err instanceof TransportError)) throw err;
        }
        await sleep(100);
      }
    };

    const started = Date.now();
    const keys = Array.from({ length: KEYS }, (_, i) => ({ customer: retriers[i % retriers.length]!, key: newKey('retry'), slot: nextSlot() }));
    const results = await Promise.all(
      keys.map(async ({ customer, key, slot }) => {
        const body = bookingBody(world, customer, slot, key);
        const burst = await Promise.all(Array.from({ length: RETRIES }, () => send(customer, key, body)));
        const later = await send(customer, key, body);
        const conflicting = await send(customer, key, { ...body, faultDescription: '完全不同的故障描述' });
        return { customer, key, burst, later, conflicting };
      }),
    );
    const retryMs = Date.now() - started;
    loading = false;
    await Promise.all(backgroundLoops);

    const problems: string[] = [];
    for (const { key, burst, later, conflicting } of results) {
      const answers = [...burst, later];
      const statuses = answers.map((r) => r.status);
      const ids = new Set(answers.map((r) => r.body?.id));
      if (statuses.filter((s) => s === 201).length !== 1 || statuses.filter((s) => s === 200).length !== RETRIES) problems.push(`${key}: statuses ${statuses.join(',')}`);
      if (ids.size !== 1) problems.push(`${key}: ${ids.size} different order ids`);
      if (later.status !== 200) problems.push(`${key}: a later retry answered ${later.status}`);
      if (conflicting.status !== 409 || conflicting.body?.error?.id !== 'idempotency_conflict') problems.push(`${key}: another body answered ${conflicting.status} ${conflicting.text.slice(0, 80)}`);
    }

    const customerIds = world.customers.map((c) => new Types.ObjectId(c.id));
    const orders = await Order.find({ customerId: { $in: customerIds } }, { idempotencyKey: 1, slot: 1 }).lean();
    const perKey = new Map<string, number>();
    for (const o of orders) perKey.set(o.idempotencyKey!, (perKey.get(o.idempotencyKey!) ?? 0) + 1);
    const retriedKeyOrders = results.map(({ customer, key }) => perKey.get(`${customer.id}:${key}`) ?? 0);
    const slots = await Slot.find({ outletId: new Types.ObjectId(world.outletId) }).lean();
    const perSlot = new Map<string, number>();
    for (const o of orders) perSlot.set(`${o.slot.day} ${o.slot.window}`, (perSlot.get(`${o.slot.day} ${o.slot.window}`) ?? 0) + 1);
    const slotMismatches = slots.filter((s) => s.booked !== (perSlot.get(`${s.day} ${s.window}`) ?? 0)).map((s) => `${s.day} ${s.window}: booked ${s.booked}, orders ${perSlot.get(`${s.day} ${s.window}`) ?? 0}`);
    const unlinkedClaims = await IdempotencyClaim.countDocuments({ _id: { $in: results.map(({ customer, key }) => `${customer.id}:${key}`) }, orderId: null });

    const all = results.flatMap((r) => [...r.burst, r.later]);
    printFigures(`Idempotent retries under load (suite 3): ${KEYS} keys × ${RETRIES} concurrent + 1 later retry`, [
      ['retried requests answered', all.length],
      ['201 created / 200 same order', `${all.filter((r) => r.status === 201).length} / ${all.filter((r) => r.status === 200).length}`],
      ['409 "in progress" answers retried', busyRetries],
      ['other body, same key → 409 idempotency_conflict', `${results.filter((r) => r.conflicting.body?.error?.id === 'idempotency_conflict').length} of ${KEYS}`],
      ['orders per retried key', [...new Set(retriedKeyOrders)].join(', ')],
      ['background bookings (201) meanwhile', backgroundBooked],
      ['background other answers', backgroundOther.length],
      ['time for all keys', `${retryMs} ms`],
      ['slot booked counters', slotMismatches.length ? `${slotMismatches.length} slots differ` : `= orders (${orders.length})`],
    ]);

    expect(problems).toEqual([]);
    expect(retriedKeyOrders).toEqual(results.map(() => 1));
    expect([...perKey.values()].filter((n) => n > 1)).toEqual([]);
    expect(backgroundOther).toEqual([]);
    expect(slotMismatches).toEqual([]);
    expect(unlinkedClaims).toBe(0);
  });
});
