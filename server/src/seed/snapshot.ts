import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import mongoose from 'mongoose';
import { addDays, shanghaiDay } from '@fangxin/shared';
import type { Clock } from '../lib/clock';
import { SERVER_ROOT } from '../lib/paths';
import { canonicalJson, GENESIS_HASH, hashEvent, verifyChain, type TimelineEvent } from '../modules/orders/timeline';
import type { FileStorage } from '../modules/uploads/storage';
import { countHistory, putDemoPhoto, runHistoryJobs, seedDemoHistory, seedTodayOrders, type HistoryCounts } from './history';

/**
 * The demo history as a snapshot (issue 18, "a few seconds"): generated ONCE through the use cases
 * (`pnpm --filter @fangxin/server run seed:snapshot`, which runs history.ts on an empty database), stored in
 * `server/seed-snapshot/` as gzipped EJSON lines per collection, and restored on an empty database with bulk inserts.
 *
 * What a restore changes, and nothing else:
 * - Dates move by whole days: (today − the snapshot's anchor day) in Asia/Shanghai (no daylight saving, so a whole
 *   day is always 24 h). Every date-bearing value is found by its shape, wherever it is (see shiftValue): Date values;
 *   integers that are epoch milliseconds; in strings, `YYYY-MM-DD` days (slot days, createdDay, purchase dates,
 *   counter ids `order:<day>`, slot ids `<outlet>:<day>:<window>`, the date part of ISO timestamps), `YYYYMMDD` at the
 *   start of a digit run (order numbers FX20261124-00001, serials SN202611241234), 13-digit epoch milliseconds
 *   (receipt numbers WX1764…), and whole `YYYY-MM` months. server/test/seed.snapshot.test.ts restores far from the
 *   anchor and finds no value of any of these shapes left in the snapshot's own period.
 * - The base seed's records (outlets, staff, engineers, the demo customers, catalogue, survey template: seed.ts) are
 *   created fresh on every database, so their ids differ: the snapshot names each one it refers to by a stable key
 *   (username, phone, outlet code, employee number…, see STABLE_KEYS) and the restore puts the current id wherever
 *   the old one stood (ObjectIds, id strings, ids inside strings). The history's own records keep their ids.
 * - (Top-level createdAt/updatedAt, which mongoose writes with the real time rather than the injected clock's, were
 *   made the simulated time of their write when the snapshot was made: an order's createdAt is its booking's moment.)
 * - What the history changed in base records (the survey template's first use) is set again on them.
 * - What hashes over those: each order's hash-chained timeline is re-hashed (timeline.ts) and each booking's request
 *   hash (its idempotency check) is recomputed from the booking's request body, which the snapshot keeps.
 * - Then, live through the use cases: today's orders at every stage (seedTodayOrders), and the rollup and quality
 *   jobs (whose outputs the snapshot leaves out, see DERIVED).
 * Collections the snapshot does not have start empty; collections with no model any more are not restored.
 */

export const SNAPSHOT_DIR = path.join(SERVER_ROOT, 'seed-snapshot');
const MANIFEST = 'manifest.json';
const BODIES = 'booking-bodies.ndjson.gz';
const CHANGES = 'base-changes.ndjson.gz';
const FORMAT = 1;
const DAY_MS = 24 * 3600_000;
const { EJSON, ObjectId } = mongoose.mongo.BSON;

/** Job outputs and per-request state: recomputed after a restore (or meaningless in a demo), never stored. */
const DERIVED = new Set(['DailyStat', 'OrderBoard', 'RollupState', 'EngineerScore', 'OutletScore', 'JobLease', 'RateCounter', 'RefreshToken', 'OtpCode']);

/** How a base-seed record is found again on another database, by collection (the first field the record has). */
const STABLE_KEYS: Record<string, readonly string[]> = {
  users: ['username', 'phone'],
  outlets: ['code'],
  engineers: ['employeeNo'],
};
const FALLBACK_KEYS = ['code', 'key', 'version', 'name'];

export interface SnapshotManifest {
  format: number;
  /** The Asia/Shanghai day the history was generated for (its "today"): every date moves by (today − anchorDay). */
  anchorDay: string;
  days: number;
  /** The code the history was generated with. */
  code: { commit: string | null; dirty: boolean | null };
  generatedInMs: number;
  /** The generation's real-time interval, and the wall-clock stamps in it made the simulated time of their write. */
  wallClock: { from: string; to: string; simulated: string[] };
  /** Base-seed records referred to, `@@ref<index>@@` in the data. */
  refs: Array<{ collection: string; key: Record<string, string | number> }>;
  collections: Record<string, { file: string; count: number; bytes: number }>;
  history: Omit<HistoryCounts, 'ms' | 'phases'>;
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

type Doc = Record<string, unknown> & { _id: unknown };

const db = () => {
  const d = mongoose.connection.db;
  if (!d) throw new SnapshotError('the database is not connected');
  return d;
};

/** Collection name → model name, for every registered model. */
function modelCollections(): Map<string, string> {
  return new Map(Object.values(mongoose.models).map((m) => [m.collection.collectionName, m.modelName]));
}

async function dumpAll(): Promise<Map<string, Doc[]>> {
  const out = new Map<string, Doc[]>();
  for (const [collection, model] of modelCollections()) {
    if (DERIVED.has(model)) continue;
    out.set(collection, (await db().collection(collection).find({}).sort({ _id: 1 }).toArray()) as Doc[]);
  }
  return out;
}

const idKey = (id: unknown) => (id instanceof ObjectId ? `oid:${id.toHexString()}` : `v:${EJSON.stringify(id as never)}`);

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: SERVER_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/**
 * Generates the history through the use cases on this (empty, base-seeded) database, at `clock` (the anchor day's
 * 00:00 in Asia/Shanghai, so every event lies before any moment of the day it is restored on), and writes the
 * snapshot to `dir`. The caller runs the base seed first (seedDemoData with history off) at the same clock.
 */
export async function createSnapshot(clock: Clock, options: { days?: number; dir?: string } = {}): Promise<SnapshotManifest> {
  const dir = options.dir ?? SNAPSHOT_DIR;
  const days = options.days ?? 90;
  const anchorDay = shanghaiDay(clock.now());
  const base = await dumpAll();
  const baseIds = new Map<string, Set<string>>([...base].map(([c, docs]) => [c, new Set(docs.map((d) => idKey(d._id)))]));

  const bodies = new Map<string, Record<string, unknown>>();
  const started = performance.now();
  const wallFrom = Date.now();
  // [real time, simulated time] each time a simulated clock moved (the streams run one after another).
  const clockLog: Array<[number, number]> = [];
  const counts = await seedDemoHistory(clock, {
    days,
    today: false,
    jobs: false,
    onBooked: (orderId, body) => bodies.set(orderId, structuredClone(body)),
    onClock: (simulated) => clockLog.push([Date.now(), simulated]),
  });
  const generatedInMs = Math.round(performance.now() - started);
  const wallTo = Date.now();
  if (counts.skipped) throw new SnapshotError('a history is already in this database: generate the snapshot on an empty one');
  const after = await dumpAll();

  // What the history changed in base records (the survey template's first use, the demo customers' updatedAt): the
  // changed fields, applied again by the restore. A base record it removed cannot be carried.
  const changes: Array<{ collection: string; key: Record<string, unknown>; set: Record<string, unknown> }> = [];
  for (const [collection, docs] of base) {
    const now = new Map((after.get(collection) ?? []).map((d) => [idKey(d._id), d]));
    for (const d of docs) {
      const later = now.get(idKey(d._id));
      if (!later) throw new SnapshotError(`the history removed a base-seed record of ${collection} (${idKey(d._id)}), which a snapshot cannot carry`);
      const set = Object.fromEntries(Object.entries(later).filter(([k, v]) => EJSON.stringify({ v } as never) !== EJSON.stringify({ v: d[k] } as never)));
      if (Object.keys(set).length) changes.push({ collection, key: d._id instanceof ObjectId ? stableKey(collection, d, docs) : { _id: d._id }, set });
    }
  }

  // Every order's chain must verify and every booking's request hash must be the hash of the body kept for it.
  for (const o of after.get('orders') ?? []) {
    const id = String(o._id);
    const verdict = verifyChain(id, o.timeline as TimelineEvent[]);
    if (!verdict.valid) throw new SnapshotError(`order ${id}: timeline does not verify before the snapshot (${verdict.reason})`);
    const body = bodies.get(id);
    if (o.requestHash && (!body || bookingHash(body) !== o.requestHash)) throw new SnapshotError(`order ${id}: its request hash is not the hash of the booking body kept for it (booking.ts's requestHash changed? update bookingHash)`);
  }

  // The base records the new ones refer to, by stable key; their ids become @@ref<n>@@ in the text.
  const baseById = new Map<string, { collection: string; doc: Doc }>();
  for (const [collection, docs] of base) for (const d of docs) if (d._id instanceof ObjectId) baseById.set(d._id.toHexString(), { collection, doc: d });
  const refs: SnapshotManifest['refs'] = [];
  const refIndex = new Map<string, number>();
  const hexPattern = /[0-9a-f]{24}/g;
  const encode = (text: string) =>
    text.replace(hexPattern, (hex) => {
      const found = baseById.get(hex);
      if (!found) return hex;
      let i = refIndex.get(hex);
      if (i === undefined) {
        i = refs.length;
        refs.push({ collection: found.collection, key: stableKey(found.collection, found.doc, base.get(found.collection)!) });
        refIndex.set(hex, i);
      }
      return `@@ref${i}@@`;
    });

  // Wall-clock stamps: mongoose writes createdAt/updatedAt with the real time, not the injected clock (in production
  // the two are the same). Each becomes the simulated time current when it was written — an order's createdAt its
  // booking's moment — as a clock-following mongoose would have written it.
  const simulatedAt = (real: number) => {
    let lo = 0;
    let hi = clockLog.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (clockLog[mid]![0] <= real) lo = mid;
      else hi = mid - 1;
    }
    return clockLog[lo]![1];
  };
  const mapped = new Set<string>();
  const toSimulated = (collection: string, doc: Record<string, unknown>) => {
    for (const field of ['createdAt', 'updatedAt']) {
      const v = doc[field];
      if (v instanceof Date && v.getTime() >= wallFrom && v.getTime() <= wallTo) {
        doc[field] = new Date(simulatedAt(v.getTime()));
        mapped.add(`${collection}.${field}`);
      }
    }
  };
  for (const [collection, docs] of after) for (const d of docs) if (!baseIds.get(collection)!.has(idKey(d._id))) toSimulated(collection, d);
  for (const c of changes) toSimulated(c.collection, c.set);

  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const collections: SnapshotManifest['collections'] = {};
  for (const [collection, docs] of after) {
    const fresh = docs.filter((d) => !baseIds.get(collection)!.has(idKey(d._id)));
    if (!fresh.length) continue;
    const text = fresh.map((d) => encode(EJSON.stringify(d, { relaxed: true }))).join('\n') + '\n';
    const file = `${collection}.ndjson.gz`;
    const gz = zlib.gzipSync(text, { level: 9 });
    fs.writeFileSync(path.join(dir, file), gz);
    collections[collection] = { file, count: fresh.length, bytes: gz.length };
  }
  fs.writeFileSync(path.join(dir, CHANGES), zlib.gzipSync(changes.map((c) => encode(EJSON.stringify(c, { relaxed: true }))).join('\n') + '\n', { level: 9 }));
  const bodyText = [...bodies].map(([orderId, body]) => encode(EJSON.stringify({ orderId, body }, { relaxed: true }))).join('\n') + '\n';
  fs.writeFileSync(path.join(dir, BODIES), zlib.gzipSync(bodyText, { level: 9 }));

  const status = git(['status', '--porcelain', '--', '.', '../shared', ':(exclude)seed-snapshot']);
  const { ms: _ms, phases: _phases, ...history } = counts;
  const manifest: SnapshotManifest = {
    format: FORMAT,
    anchorDay,
    days,
    code: { commit: git(['rev-parse', 'HEAD']), dirty: status === null ? null : status.length > 0 },
    generatedInMs,
    wallClock: { from: new Date(wallFrom).toISOString(), to: new Date(wallTo).toISOString(), simulated: [...mapped].sort() },
    refs,
    collections,
    history,
  };
  fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** The key that finds this base record again: a unique field's value (checked unique among the base records). */
function stableKey(collection: string, doc: Doc, all: Doc[]): Record<string, string | number> {
  for (const field of [...(STABLE_KEYS[collection] ?? []), ...FALLBACK_KEYS]) {
    const value = doc[field];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    if (all.filter((d) => d[field] === value).length === 1) return { [field]: value };
  }
  throw new SnapshotError(`the history refers to a base-seed record of ${collection} (${String(doc._id)}) with no stable key: add one to STABLE_KEYS in snapshot.ts`);
}

/** booking.ts's request hash: sha256 of the request body's canonical JSON. */
export const bookingHash = (body: unknown) => crypto.createHash('sha256').update(canonicalJson(body)).digest('hex');

export function readManifest(dir = SNAPSHOT_DIR): SnapshotManifest | null {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return null;
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as SnapshotManifest;
  if (manifest.format !== FORMAT) throw new SnapshotError(`the snapshot is of format ${manifest.format}, this code reads ${FORMAT}: run seed:snapshot`);
  return manifest;
}

/** Whole days from `from` to `to` ('YYYY-MM-DD'). */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * Moves every date-bearing value of a snapshot by `days` whole days. Values are recognised by shape, and only
 * within `window` (epoch ms) around the anchor, so amounts, phone numbers and counters never look like dates.
 */
export function dateShifter(days: number, anchorDay: string) {
  const anchor = Date.parse(`${anchorDay}T00:00:00+08:00`);
  const lo = anchor - 6 * 366 * DAY_MS; // appliances bought up to four years before the history
  const hi = anchor + 366 * DAY_MS;
  const deltaMs = days * DAY_MS;
  const inWindow = (ms: number) => ms >= lo && ms <= hi;
  const validDay = (y: string, m: string, d: string) => {
    const ms = Date.parse(`${y}-${m}-${d}T00:00:00Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === `${y}-${m}-${d}` && inWindow(ms);
  };
  const shiftString = (s: string): string => {
    if (/^[0-9a-f]{16,}$/i.test(s)) return s; // ids, hashes, salts, tokens: their digits are no dates
    if (/^\d{4}-\d{2}$/.test(s) && validDay(s.slice(0, 4), s.slice(5, 7), '15')) return addDays(`${s}-15`, days).slice(0, 7);
    return s
      .replace(/(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g, (all, y: string, m: string, d: string) => (validDay(y, m, d) ? addDays(`${y}-${m}-${d}`, days) : all))
      // Digit runs outside hex (not in the ids of slot and window keys): FX20261124-00001, SN202611241234, WX1764….
      .replace(/(?<![0-9a-fA-F])\d{8,}(?![0-9a-fA-F])/g, (run) => {
        if (run.length === 13 && inWindow(Number(run))) return String(Number(run) + deltaMs);
        const [y, m, d] = [run.slice(0, 4), run.slice(4, 6), run.slice(6, 8)];
        return validDay(y, m, d) ? addDays(`${y}-${m}-${d}`, days).replaceAll('-', '') + run.slice(8) : run;
      });
  };
  const shiftValue = (v: unknown): unknown => {
    if (v instanceof Date) return new Date(v.getTime() + deltaMs);
    if (typeof v === 'string') return shiftString(v);
    if (typeof v === 'number') return Number.isInteger(v) && inWindow(v) ? v + deltaMs : v;
    if (Array.isArray(v)) return v.map(shiftValue);
    if (v && typeof v === 'object') {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return v; // ObjectId, Binary, Decimal128…
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [shiftString(k), shiftValue(x)]));
    }
    return v;
  };
  return { shiftValue, shiftString, deltaMs };
}

export interface RestoreResult {
  skipped: boolean;
  anchorDay: string;
  shiftDays: number;
  inserted: Record<string, number>;
  ms: number;
  phases: Record<string, number>;
  history: HistoryCounts;
}

/** Reads one gzipped EJSON-lines file, with the base records' current ids put in for the @@ref<n>@@ marks. */
function readLines(dir: string, file: string, ids: string[]): Doc[] {
  const text = zlib.gunzipSync(fs.readFileSync(path.join(dir, file))).toString('utf8').replace(/@@ref(\d+)@@/g, (_, i: string) => ids[Number(i)]!);
  return text.split('\n').filter(Boolean).map((line) => EJSON.parse(line, { relaxed: true }) as Doc);
}

/** The current id of every base record the snapshot refers to. */
async function resolveRefs(refs: SnapshotManifest['refs']): Promise<string[]> {
  return Promise.all(
    refs.map(async ({ collection, key }) => {
      const found = await db().collection(collection).find(key, { projection: { _id: 1 } }).limit(2).toArray();
      if (found.length !== 1) throw new SnapshotError(`the snapshot refers to ${collection} ${JSON.stringify(key)}, which the base seed ${found.length ? 'made twice' : 'did not make'}: run seed:snapshot`);
      return String(found[0]!._id);
    }),
  );
}

/**
 * Restores the snapshot into this database (the base seed already run), moved to the clock's day; then today's
 * orders and the jobs, live. Does nothing when a history is already there (restore twice = once).
 */
export async function restoreSnapshot(clock: Clock, options: { storage?: FileStorage | null; dir?: string; /** Stop before the orders (the test of a restore cut short). */ cutBeforeOrders?: boolean } = {}): Promise<RestoreResult | null> {
  const started = performance.now();
  const dir = options.dir ?? SNAPSHOT_DIR;
  const manifest = readManifest(dir);
  if (!manifest) return null;
  const now = clock.now();
  const shiftDays = daysBetween(manifest.anchorDay, shanghaiDay(now));
  const phases: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    phases[name] = Math.round(performance.now() - t);
    t = performance.now();
  };
  if (await db().collection('orders').findOne({ idempotencyKey: { $regex: ':demo-history-' } }, { projection: { _id: 1 } })) {
    return { skipped: true, anchorDay: manifest.anchorDay, shiftDays, inserted: {}, ms: Math.round(performance.now() - started), phases, history: { ...(await countHistory(now)), skipped: true, days: manifest.days, ms: 0 } };
  }

  const ids = await resolveRefs(manifest.refs);
  const { shiftValue } = dateShifter(shiftDays, manifest.anchorDay);
  const known = modelCollections();
  const data = new Map<string, Doc[]>();
  for (const [collection, { file }] of Object.entries(manifest.collections)) {
    if (!known.has(collection)) continue; // a collection no model uses any more
    data.set(collection, readLines(dir, file, ids).map((d) => shiftValue(d) as Doc));
  }
  const bodies = new Map(readLines(dir, BODIES, ids).map((l) => [String(l.orderId), shiftValue(l.body)]));
  lap('read');

  // What hashes over moved dates and ids: the timelines and the bookings' request hashes (order and claim).
  const requestHashes = new Map<string, string>();
  for (const order of data.get('orders') ?? []) {
    const id = String(order._id);
    let prev = GENESIS_HASH;
    order.timeline = (order.timeline as TimelineEvent[]).map((e) => {
      const { hash: _old, ...rest } = { ...e, prevHash: prev };
      prev = hashEvent(id, rest);
      return { ...rest, hash: prev };
    });
    order.timelineHead = prev;
    const body = bodies.get(id);
    if (order.requestHash && body) {
      order.requestHash = bookingHash(body);
      requestHashes.set(id, order.requestHash as string);
    }
  }
  for (const claim of data.get('idempotency_keys') ?? []) {
    const hash = claim.orderId ? requestHashes.get(String(claim.orderId)) : undefined;
    if (hash) claim.requestHash = hash;
  }
  lap('rehash');

  // The orders last: they are what says a history is there, so a restore cut short is done again on the next start
  // (the records it had already written are the same ones: their duplicates are skipped).
  const inserted: Record<string, number> = {};
  const insert = async ([collection, docs]: [string, Doc[]]) => {
    let n = 0;
    for (let i = 0; i < docs.length; i += 2000) {
      try {
        n += (await db().collection(collection).insertMany(docs.slice(i, i + 2000) as mongoose.mongo.OptionalId<mongoose.mongo.Document>[], { ordered: false })).insertedCount;
      } catch (err) {
        const bulk = err as { code?: number; writeErrors?: Array<{ code?: number }>; insertedCount?: number; result?: { insertedCount?: number } };
        const errors = bulk.writeErrors ?? [];
        if (!errors.length || errors.some((e) => e.code !== 11000)) throw err;
        n += bulk.insertedCount ?? bulk.result?.insertedCount ?? 0;
      }
    }
    inserted[collection] = n;
  };
  await Promise.all([...data].filter(([c]) => c !== 'orders').map(insert));
  if (options.cutBeforeOrders) return null;
  if (data.has('orders')) await insert(['orders', data.get('orders')!]);
  for (const change of readLines(dir, CHANGES, ids)) {
    const { collection, key, set } = change as unknown as { collection: string; key: Record<string, unknown>; set: Record<string, unknown> };
    if (known.has(collection)) await db().collection(collection).updateOne(key, { $set: shiftValue(set) as Record<string, unknown> });
  }
  if (options.storage) await putDemoPhoto(options.storage);
  lap('insert');

  await seedTodayOrders(clock);
  lap('today');
  await runHistoryJobs(clock);
  lap('jobs');
  return { skipped: false, anchorDay: manifest.anchorDay, shiftDays, inserted, ms: Math.round(performance.now() - started), phases, history: { ...(await countHistory(now)), skipped: false, days: manifest.days, ms: Math.round(performance.now() - started), phases, restored: { anchorDay: manifest.anchorDay, shiftDays } } };
}
