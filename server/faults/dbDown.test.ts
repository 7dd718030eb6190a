import fs from 'node:fs';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/connect';
import { IdempotencyClaim } from '../src/lib/idempotency';
import { Order, Slot } from '../src/modules/orders/model';
import { keepAliveClient, LEAKS, printFigures, probe, sleep, startEngine, startServerProcess, tempDir, TransportError, type Client, type Engine, type Reply, type ServerProcess } from './kit';
import { bookingBody, buildLoadWorld, newKey, slotCycle, type LoadWorld } from './world';

/**
 * The database stops in the middle of a booking load and comes back on the same file. Clients book with a unique
 * Idempotency-Key and retry the same request on 503 or a connection error, the way the apps do. While the engine is
 * down the server must answer 503 service_unavailable (never 500, no internals); it must reconnect by itself; and every
 * booking that got a 2xx must be in the database exactly once.
 */

const LOOPS = 30;
const WARM_MS = 3_000;
const DOWN_MS = 5_000;
const AFTER_MS = 3_000;
/** How long one booking may keep retrying before the client gives up on it. */
const BOOKING_DEADLINE_MS = 60_000;

interface Sent {
  key: string;
  sentAt: number;
  doneAt: number;
  status: number | null;
  reply?: Reply;
  transport?: string;
}

let dir: string;
let engine: Engine;
let server: ServerProcess;
let client: Client;
let world: LoadWorld;
const dbName = 'faults_db_down';

beforeAll(async () => {
  dir = tempDir('db-down');
  engine = await startEngine(dir);
  server = await startServerProcess({ mongoUri: engine.uri, dbName, dataDir: dir, driverTrace: path.join(dir, 'driver.log') });
  await connectDatabase(engine.uri, dbName);
  client = keepAliveClient(server.url, LOOPS + 4);
  world = await buildLoadWorld(client, LOOPS);
});

afterAll(async () => {
  client?.close();
  server?.kill('SIGTERM');
  await server?.exited;
  await mongoose.disconnect();
  await engine?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('database stopped in the middle of a booking load', () => {
  it('answers 503 while it is down, recovers by itself, and loses or duplicates no acknowledged booking', async () => {
    const sent: Sent[] = [];
    /** key → the order ids its 2xx answers carried (must be one). */
    const acknowledged = new Map<string, Set<string>>();
    const gaveUp: Array<{ key: string; last: string }> = [];
    const claimIds: string[] = [];
    const nextSlot = slotCycle();
    let loading = true;

    /** One customer's booking, retried with the same key until it gets a final answer or its deadline passes. */
    const bookUntilAnswered = async (customer: LoadWorld['customers'][number]) => {
      const key = newKey('down');
      claimIds.push(`${customer.id}:${key}`);
      const body = bookingBody(world, customer, nextSlot(), key);
      const deadline = Date.now() + BOOKING_DEADLINE_MS;
      for (;;) {
        const entry: Sent = { key, sentAt: Date.now(), doneAt: 0, status: null };
        sent.push(entry);
        let retry: boolean;
        try {
          const reply = await client.request('POST', '/api/v1/orders', { token: customer.token, body, headers: { 'idempotency-key': key } });
          Object.assign(entry, { doneAt: Date.now(), status: reply.status, reply });
          if (reply.status === 200 || reply.status === 201) {
            const ids = acknowledged.get(key) ?? new Set<string>();
            ids.add(reply.body.id);
            acknowledged.set(key, ids);
            return;
          }
          retry = reply.status === 503 || (reply.status === 409 && reply.body?.error?.id === 'conflict');
        } catch (err) {
          Object.assign(entry, { doneAt: Date.now(), transport: err instanceof TransportError ? err.code : String(err) });
          retry = true;
        }
        if (!retry) return;
        if (Date.now() > deadline) {
          gaveUp.push({ key, last: entry.transport ?? `${entry.status} ${entry.reply?.text.slice(0, 120)}` });
          return;
        }
        await sleep(100 + Math.random() * 150);
      }
    };

    const loops = world.customers.map(async (customer) => {
      while (loading) await bookUntilAnswered(customer);
    });

    await sleep(WARM_MS);
    const stopping = Date.now();
    await engine.stop();
    const downAt = Date.now();
    await sleep(DOWN_MS);
    const restarting = Date.now();
    await engine.start();
    const upAt = Date.now();
    let readyAt = 0;
    while (!readyAt) {
      if ((await probe(`${server.url}/readyz`)) === 200) readyAt = Date.now();
      else await sleep(50);
      if (Date.now() - upAt > 60_000) break;
    }
    await sleep(AFTER_MS);
    loading = false;
    await Promise.all(loops);

    // While the engine was fully down every answer is a 503, and every 503 of the run is a clear one.
    const whileDown = sent.filter((s) => s.sentAt >= downAt && s.doneAt <= restarting);
    const downAnswers = whileDown.filter((s) => s.status !== null);
    const unclear = sent.filter(
      (s) =>
        s.status === 503 &&
        (s.reply!.body?.error?.id !== 'service_unavailable' ||
          !/[\u4e00-\u9fff]/.test(s.reply!.body.error.message) ||
          typeof s.reply!.body.error.requestId !== 'string' ||
          s.reply!.headers['retry-after'] === undefined ||
          LEAKS.test(s.reply!.text.replace(String(s.reply!.body.error.requestId), ''))),
    );
    // What the server logged about the requests that failed (the clients saw none of it).
    const logged = new Map<string, number>();
    for (const line of server.output().split('\n')) {
      if (!line.includes('request failed')) continue;
      const type = (JSON.parse(line) as { err?: { type?: string } }).err?.type ?? 'unknown';
      logged.set(type, (logged.get(type) ?? 0) + 1);
    }
    const firstAckAfterUp = sent.filter((s) => s.sentAt >= upAt && (s.status === 200 || s.status === 201)).sort((a, b) => a.doneAt - b.doneAt)[0];

    // What the database holds.
    const customerIds = world.customers.map((c) => new Types.ObjectId(c.id));
    const orders = await Order.find({ customerId: { $in: customerIds } }, { idempotencyKey: 1, slot: 1, status: 1 }).lean();
    const orderIds = new Set(orders.map((o) => String(o._id)));
    const ackedIds = [...acknowledged.values()].flatMap((ids) => [...ids]);
    const keysWithTwoIds = [...acknowledged.entries()].filter(([, ids]) => ids.size !== 1);
    const ordersPerKey = new Map<string, number>();
    for (const o of orders) ordersPerKey.set(o.idempotencyKey!, (ordersPerKey.get(o.idempotencyKey!) ?? 0) + 1);
    const slots = await Slot.find({ outletId: new Types.ObjectId(world.outletId) }).lean();
    const booked = slots.reduce((sum, s) => sum + s.booked, 0);
    const perSlot = new Map<string, number>();
    for (const o of orders) perSlot.set(`${o.slot.day} ${o.slot.window}`, (perSlot.get(`${o.slot.day} ${o.slot.window}`) ?? 0) + 1);
    const slotMismatches = slots.filter((s) => s.booked !== (perSlot.get(`${s.day} ${s.window}`) ?? 0)).map((s) => `${s.day} ${s.window}: booked ${s.booked}, orders ${perSlot.get(`${s.day} ${s.window}`) ?? 0}`);
    const strandedClaims = await IdempotencyClaim.countDocuments({ _id: { $in: claimIds }, orderId: null });

    const count = (pred: (s: Sent) => boolean) => sent.filter(pred).length;
    printFigures('Database stopped mid-load (suite 1)', [
      ['booking loops', LOOPS],
      ['requests', sent.length],
      ['2xx (201 created / 200 replay)', `${count((s) => s.status === 201)} / ${count((s) => s.status === 200)}`],
      ['503 service_unavailable', count((s) => s.status === 503)],
      ['409 conflict (key busy)', count((s) => s.status === 409)],
      ['500', count((s) => s.status === 500)],
      ['other answers', count((s) => s.status !== null && ![200, 201, 503, 409, 500].includes(s.status))],
      ['connection errors', count((s) => s.status === null)],
      ['engine stop (SIGTERM → exited)', `${downAt - stopping} ms`],
      ['downtime (exited → restarted)', `${upAt - downAt} ms`],
      ['answers while fully down', `${downAnswers.length} (${downAnswers.filter((s) => s.status === 503).length} × 503, slowest ${Math.max(0, ...downAnswers.map((s) => s.doneAt - s.sentAt))} ms)`],
      ['server log: failures by cause', [...logged].map(([type, n]) => `${n} ${type}`).join(', ') || 'none'],
      ['server log: stalled driver reconnected', server.output().split('\n').filter((l) => l.includes('has not reconnected')).length],
      ['recovery: restart → /readyz ok', readyAt ? `${readyAt - upAt} ms` : 'never'],
      ['recovery: restart → first 2xx', firstAckAfterUp ? `${firstAckAfterUp.doneAt - upAt} ms` : 'never'],
      ['bookings acknowledged (keys)', acknowledged.size],
      ['bookings given up by clients', gaveUp.length],
      ['orders counted in the database', orders.length],
      ['slot booked counters (sum)', `${booked}${slotMismatches.length ? ` — ${slotMismatches.length} slots differ` : ' = orders'}`],
      ['claims left without an order', strandedClaims],
    ]);
    if (!readyAt) {
      // Diagnostics for a server that did not come back: its last errors and the engine's own log.
      const failures = server.output().split('\n').filter((l) => l.includes('request failed'));
      console.log(`last server errors:\n  ${failures.slice(-3).map((l) => { const j = JSON.parse(l) as { time: string; err?: { type?: string; message?: string } }; return `${j.time} ${j.err?.type} ${j.err?.message}`; }).join('\n  ')}`);
      console.log(`engine log:\n  ${engine.log().slice(-20).join('\n  ')}`);
      console.log(`driver trace (server process):\n  ${fs.readFileSync(path.join(dir, 'driver.log'), 'utf8').trim().split('\n').slice(-30).join('\n  ')}`);
    }
    if (count((s) => s.status === 500)) {
      // A 500 is a failure the error middleware did not recognise as the database being away: print what was thrown.
      const failures = server.output().split('\n').filter((l) => l.includes('request failed')).map((l) => JSON.parse(l) as { status?: number; err?: unknown });
      const crashes = failures.filter((f) => f.status === 500);
      console.log(`unrecognised failures:\n  ${crashes.slice(-5).map((f) => `${JSON.stringify(f.err).slice(0, 1500)}`).join('\n  ')}`);
    }
    if (slotMismatches.length) console.log(`slot mismatches:\n  ${slotMismatches.join('\n  ')}`);
    if (gaveUp.length) console.log(`given up:\n  ${gaveUp.slice(0, 10).map((g) => `${g.key}: ${g.last}`).join('\n  ')}`);

    expect(downAnswers.length, 'the load kept hitting the server while the engine was down').toBeGreaterThan(0);
    expect(downAnswers.filter((s) => s.status !== 503).map((s) => `${s.status} ${s.reply?.text.slice(0, 200)}`)).toEqual([]);
    expect(unclear.map((s) => `${s.status} ${JSON.stringify(s.reply?.headers)} ${s.reply?.text.slice(0, 200)}`)).toEqual([]);
    expect(count((s) => s.status !== null && ![200, 201, 503, 409].includes(s.status)), 'no 500, no other answers').toBe(0);
    expect(count((s) => s.status === null), 'the server itself never went away').toBe(0);
    expect(readyAt, '/readyz ok again without restarting the server').toBeGreaterThan(0);
    expect(server.child.exitCode).toBeNull();
    expect(firstAckAfterUp, 'bookings succeed again after the restart').toBeDefined();
    expect(gaveUp).toEqual([]);
    // Every acknowledged booking is stored exactly once, and nothing was stored that no client heard of.
    expect(keysWithTwoIds).toEqual([]);
    expect(ackedIds.filter((id) => !orderIds.has(id))).toEqual([]);
    expect(orders.length).toBe(new Set(ackedIds).size);
    expect([...ordersPerKey.values()].filter((n) => n > 1)).toEqual([]);
    expect(slotMismatches).toEqual([]);
    expect(strandedClaims).toBe(0);
  });
});
