/**
 * The benchmarked endpoints. Each has the HTTP request autocannon sends (a different customer, order, card or
 * Idempotency-Key per request) and its direct-database twin: the same queries the handler makes, with the same
 * filters, projections, sorts and the same sequential or parallel shape (including the auth user lookup where the
 * endpoint does one), sent straight through the driver from the bench process. `pnpm bench` records both sides'
 * commands once per run and prints them side by side, so a drift between the two shows up as a mismatch.
 */
import crypto from 'node:crypto';
import mongoose from 'mongoose';
import { addDays, ANALYTICS_AT_RISK_LIMIT, QUALITY_DEFAULT_DAYS, shanghaiDay, slotBounds } from '@fangxin/shared';
import type { HttpRequest } from './load';
import { bookingBody, DISTRICT, type Api, type World } from './world';
import { LIFE_FIELDS } from '../src/modules/orders/applianceReads';

type Db = mongoose.mongo.Db;
const { ObjectId } = mongoose.mongo;
type Id = InstanceType<typeof ObjectId>;

export interface Endpoint {
  /** Key in budgets.json. */
  key: string;
  label: string;
  kind: 'read' | 'write';
  /** What the direct-database side runs, in words, for the report. */
  direct: string;
  /** Called before each run (fresh card QR tokens: they live 60 s). */
  prepare?: () => Promise<void>;
  next(): HttpRequest;
  /** One direct-database operation against `db`. */
  op(db: Db): () => Promise<unknown>;
}

export const USER_PROJECTION = { projection: { role: 1, name: 1, outletId: 1, status: 1 } };

/** http/auth.ts: the caller, looked up by the token's subject on every authenticated request. */
async function authUser(db: Db, id: Id) {
  const user = await db.collection('users').findOne({ _id: id }, USER_PROJECTION);
  if (!user || user.status !== 'active') throw new Error('auth user missing');
  return user;
}

/** orders/booking/booking.ts nextOrderNo: one upsert with `$inc`, returning the new value (a rare duplicate is retried by the insert). */
async function nextOrderSeq(db: Db, _id: string): Promise<number> {
  const counter = await db.collection<{ _id: string; seq: number }>('counters').findOneAndUpdate({ _id }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
  return counter!.seq;
}

function roundRobin<T>(items: T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function endpoints(world: World, api: Api): Endpoint[] {
  const managerId = new ObjectId(world.manager.id);
  const outletId = new ObjectId(world.outletId);
  const today = world.today;

  // Order detail: each request a different customer reading their own order.
  const detailHttp = roundRobin(world.customers);
  const detailDirect = roundRobin(world.customers.map((c) => ({ user: new ObjectId(c.id), order: new ObjectId(c.orderId) })));

  // Manager's order list: the queue filtered to closed air-conditioner orders of the last 30 days, newest first.
  const from = addDays(today, -29);
  const listFilter = { $and: [{ outletId }, { status: 'closed' }, { category: 'air_conditioner' }, { createdDay: { $gte: from, $lte: today } }] };

  // Slot availability: the booking page's next 7 days.
  const availTo = addDays(today, 7);

  // Card verification: QR tokens of the Xihu engineers, fetched fresh before each run.
  let cards: Array<{ token: string; serial: string; engineerId: Id }> = [];
  let cardHttp = roundRobin(cards);
  let cardDirect = roundRobin(cards);

  // Dashboard: the Xihu manager's overview for the default period.
  const periodFrom = addDays(today, -(QUALITY_DEFAULT_DAYS - 1));

  // Booking: customers take turns; every request carries a fresh Idempotency-Key.
  const bookers = roundRobin(world.customers);
  const bookersDirect = roundRobin(world.customers.map((c) => ({ user: new ObjectId(c.id), address: new ObjectId(c.addressId), appliance: new ObjectId(c.applianceId) })));
  let keys = 0;
  const freshKey = () => `bench-${(++keys).toString(36)}-${crypto.randomBytes(6).toString('hex')}`;

  return [
    {
      key: 'order-detail',
      label: 'GET /orders/:id (customer)',
      kind: 'read',
      direct: 'users by _id (auth) → orders by _id',
      next: () => {
        const c = detailHttp();
        return { method: 'GET', path: `/api/v1/orders/${c.orderId}`, headers: bearer(c.token) };
      },
      op: (db) => async () => {
        const c = detailDirect();
        await authUser(db, c.user);
        if (!(await db.collection('orders').findOne({ _id: c.order }))) throw new Error('order missing');
      },
    },
    {
      key: 'order-list',
      label: 'GET /orders?status&category&from&to (manager)',
      kind: 'read',
      direct: 'users by _id (auth) → orders find (4 filters, list projection, sort createdAt desc, page of 20) ‖ orders countDocuments',
      next: () => ({ method: 'GET', path: `/api/v1/orders?status=closed&category=air_conditioner&from=${from}&to=${today}&pageSize=20`, headers: bearer(world.manager.token) }),
      op: (db) => async () => {
        await authUser(db, managerId);
        const orders = db.collection('orders');
        await Promise.all([
          orders.find(listFilter, { projection: { timeline: 0, quotes: 0, report: 0 } }).sort({ createdAt: -1 }).skip(0).limit(20).toArray(),
          orders.countDocuments(listFilter),
        ]);
      },
    },
    {
      key: 'slot-availability',
      label: 'GET /slots/availability (public, 8 days)',
      kind: 'read',
      direct: 'outlets covering the district (sorted by code) → slots of those outlets in the range',
      next: () => ({ method: 'GET', path: `/api/v1/slots/availability?districtCode=${DISTRICT}&category=air_conditioner&from=${today}&to=${availTo}` }),
      op: (db) => async () => {
        const outlets = await db.collection('outlets').find({ districtCodes: DISTRICT }).sort({ code: 1 }).toArray();
        await db.collection('slots').find({ outletId: { $in: outlets.map((o) => o._id) }, day: { $gte: today, $lte: availTo } }).toArray();
      },
    },
    {
      key: 'card-verify',
      label: 'POST /cards/verify (anonymous scan)',
      kind: 'read',
      direct: 'rate counter upsert-$inc → work_cards by serial ‖ engineers by _id → outlets by _id',
      prepare: async () => {
        cards = [];
        for (const e of world.engineers) {
          const mine = await api.call('GET', '/api/v1/me/card', { token: e.token });
          if (!mine.qr) continue;
          const payload = JSON.parse(Buffer.from(String(mine.qr.token).split('.')[0]!, 'base64url').toString()) as { s: string; e: string };
          cards.push({ token: mine.qr.token, serial: payload.s, engineerId: new ObjectId(payload.e) });
        }
        if (cards.length === 0) throw new Error('no Xihu engineer has an active card');
        cardHttp = roundRobin(cards);
        cardDirect = roundRobin(cards);
      },
      next: () => ({ method: 'POST', path: '/api/v1/cards/verify', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: cardHttp().token }) }),
      op: (db) => async () => {
        const card = cardDirect();
        const windowStart = Math.floor(Date.now() / 60_000) * 60_000;
        await db.collection<{ _id: string }>('rate_counters').findOneAndUpdate(
          { _id: `card-verify-ip:direct:${windowStart}` },
          { $inc: { count: 1 }, $setOnInsert: { expiresAt: new Date(windowStart + 60_000) } },
          { upsert: true, returnDocument: 'after' },
        );
        const [found, engineer] = await Promise.all([db.collection('work_cards').findOne({ serial: card.serial }), db.collection('engineers').findOne({ _id: card.engineerId })]);
        if (!found || !engineer) throw new Error('card or engineer missing');
        await db.collection('outlets').findOne({ _id: engineer.outletId }, { projection: { name: 1 } });
      },
    },
    {
      key: 'dashboard',
      label: 'GET /analytics/overview (manager, 90 d)',
      kind: 'read',
      direct: 'users (auth) → outlets by _id → ‖ the outlet’s days of the period, orders count ×3 (today’s cards, live), order_board count ×2 + at-risk page, engineers of the outlet, the platform’s days (prior), rollup_state',
      next: () => ({ method: 'GET', path: '/api/v1/analytics/overview', headers: bearer(world.manager.token) }),
      op: (db) => async () => {
        await authUser(db, managerId);
        const outlet = await db.collection('outlets').findOne({ _id: outletId }, { projection: { name: 1 } });
        if (!outlet) throw new Error('outlet missing');
        const day = { $gte: periodFrom, $lte: today };
        const stats = db.collection('daily_stats');
        const board = db.collection('order_board');
        const now = new Date();
        const scope = { outletId, open: true };
        await Promise.all([
          stats.find({ outletId, day }).toArray(),
          // Today's cards, counted live from the orders (created today, closed today, waiting for dispatch).
          db.collection('orders').countDocuments({ outletId: { $in: [outletId] }, createdDay: today }),
          db.collection('orders').countDocuments({ outletId: { $in: [outletId] }, closedDay: today }),
          db.collection('orders').countDocuments({ outletId: { $in: [outletId] }, status: 'pending' }),
          board.countDocuments({ ...scope, nextRiskAt: { $lte: now }, nextDueAt: { $gt: now } }),
          board.countDocuments({ ...scope, $or: [{ breached: true }, { nextDueAt: { $lte: now } }] }),
          board.find({ ...scope, nextRiskAt: { $lte: now } }).sort({ nextDueAt: 1, _id: 1 }).limit(ANALYTICS_AT_RISK_LIMIT).toArray(),
          db.collection('engineers').find({ outletId }, { projection: { name: 1, employeeNo: 1, outletId: 1 } }).toArray(),
          stats.find({ outletId: null, day }, { projection: { quality: 1 } }).toArray(),
          db.collection<{ _id: string }>('rollup_state').findOne({ _id: 'daily_stats' }, { projection: { ranAt: 1 } }),
        ]);
      },
    },
    {
      key: 'booking',
      label: 'POST /orders (booking, Idempotency-Key)',
      kind: 'write',
      direct:
        'users (auth) → idempotency_keys insert → own address, own appliance → earlier orders of the appliance → outlets covering → latest catalog version → ' +
        'slots upsert + conditional $inc → counters $inc → orders insert (full order, 1 timeline event) → idempotency_keys update → ' +
        'outlet managers → notifications insertMany',
      next: () => {
        const c = bookers();
        return {
          method: 'POST',
          path: '/api/v1/orders',
          headers: { ...bearer(c.token), 'content-type': 'application/json', 'idempotency-key': freshKey() },
          body: JSON.stringify(bookingBody(c, world.bookingSlot)),
        };
      },
      op: (db) => async () => {
        const c = bookersDirect();
        const user = await authUser(db, c.user);
        const key = `${c.user.toHexString()}:${freshKey()}`;
        const requestHash = crypto.randomBytes(32).toString('hex');
        const now = new Date();
        const claims = db.collection<{ _id: string; requestHash: string; orderId: Id | null; createdAt: Date }>('idempotency_keys');
        await claims.insertOne({ _id: key, requestHash, orderId: null, createdAt: now });
        const address = await db.collection('customer_addresses').findOne({ _id: c.address, customerId: c.user });
        const appliance = await db.collection('customer_appliances').findOne({ _id: c.appliance, customerId: c.user });
        if (!address || !appliance) throw new Error('address or appliance missing');
        // Issue 20.3 (appliances/service.ts repeatOfAtBooking): the appliance's earlier orders, for a repair still under
        // warranty (the booking then records repeatOf).
        await db.collection('orders').find({ 'appliance.applianceId': appliance._id, customerId: c.user }, { projection: LIFE_FIELDS }).sort({ createdAt: -1 }).limit(200).toArray();
        const outlets = await db.collection('outlets').find({ districtCodes: address.districtCode }).sort({ code: 1 }).toArray();
        const catalog = await db.collection('catalog_versions').findOne({}, { projection: { version: 1 }, sort: { version: -1 } });
        const { day, window } = world.bookingSlot;
        const slots = db.collection<{ _id: string }>('slots');
        // Issue 19 routing (booking/routing.ts): the places left in the window and the stored score of each covering
        // outlet, read once; the best is tried first.
        await Promise.all([
          slots.find({ _id: { $in: outlets.map((o) => `${String(o._id)}:${day}:${window}`) } }, { projection: { capacity: 1, booked: 1 } }).toArray(),
          db.collection('outlet_scores').find({ _id: { $in: outlets.map((o) => o._id) } }, { projection: { score: 1 } }).toArray(),
        ]);
        const outlet = outlets[0]!;
        const slotKey = `${String(outlet._id)}:${day}:${window}`;
        await slots.updateOne({ _id: slotKey }, { $setOnInsert: { outletId: outlet._id, day, window, capacity: outlet.slotCapacity, booked: 0 } }, { upsert: true });
        const reserved = await slots.findOneAndUpdate({ _id: slotKey, $expr: { $lt: ['$booked', '$capacity'] } }, { $inc: { booked: 1 } }, { returnDocument: 'after' });
        if (!reserved) throw new Error('slot full');
        const dayKey = shanghaiDay(now).replaceAll('-', '');
        const _id = new ObjectId();
        const { startAt, endAt } = slotBounds(day, window);
        const hash = crypto.randomBytes(32).toString('hex');
        const insertOrder = (orderNo: string) => db.collection('orders').insertOne({
          _id,
          orderNo,
          customerId: c.user,
          outletId: outlet._id,
          category: 'air_conditioner',
          serviceType: 'repair',
          parentOrderId: null,
          reworkOrderId: null,
          reworkPreference: null,
          parentEngineerId: null,
          appliance: { applianceId: appliance._id, brand: appliance.brand, model: appliance.model, purchaseDate: appliance.purchaseDate, inWarranty: true },
          fault: { description: '空调不制冷，外机不转', photoIds: [] },
          contact: { name: address.contactName, phone: address.phone, districtCode: address.districtCode, detail: address.detail },
          slot: { outletId: outlet._id, day, window, startAt, endAt },
          status: 'pending',
          engineerId: null,
          engineerUserId: null,
          offer: null,
          catalogVersion: catalog?.version ?? 1,
          quotes: [],
          confirmedQuoteNo: null,
          report: null,
          payment: null,
          serviceCode: null,
          partsWait: null,
          cancellation: null,
          idempotencyKey: key,
          requestHash,
          offCatalogueCount: 0,
          timeline: [
            {
              type: 'created',
              at: now,
              actor: { id: String(c.user), role: 'customer', name: user.name },
              data: { slot: `${day} ${window}`, outletId: String(outlet._id), category: 'air_conditioner', serviceType: 'repair' },
              seq: 1,
              prevHash: '0'.repeat(64),
              hash,
            },
          ],
          timelineHead: hash,
          times: {},
          createdDay: shanghaiDay(now),
          closedDay: null,
          sla: { respondDueAt: now, respondRiskAt: now, arriveDueAt: endAt, arriveRiskAt: startAt, resolveDueAt: null, resolveRiskAt: null, pausedMs: 0, pausedSince: null, atRisk: {}, breaches: {} },
          createdAt: now,
          updatedAt: now,
          __v: 0,
        });
        // As bookOnce: the engine can hand two callers the same counter value; the unique index refuses the second
        // order number and the booking takes another.
        for (let attempt = 1; ; attempt++) {
          const seq = await nextOrderSeq(db, `order:${dayKey}`);
          try {
            await insertOrder(`FD${dayKey}${String(seq).padStart(5, '0')}`);
            break;
          } catch (err) {
            if ((err as { code?: number }).code !== 11000 || attempt >= 5) throw err;
          }
        }
        await claims.updateOne({ _id: key }, { $set: { orderId: _id } });
        const managers = await db.collection('users').find({ role: 'outlet_manager', outletId: outlet._id, status: 'active' }, { projection: { _id: 1 } }).toArray();
        await db.collection('notifications').insertMany(
          [c.user, ...managers.map((m) => m._id)].map((userId) => ({ userId, type: 'order_created', title: '新订单', body: `空调服务已预约：${day} ${window}`, orderId: _id, readAt: null, createdAt: now })),
        );
        // The outlet's dispatch mode (manual in the bench world: the order stays for the manager).
        await db.collection('outlets').findOne({ _id: outlet._id }, { projection: { dispatchMode: 1 } });
      },
    },
  ];
}
