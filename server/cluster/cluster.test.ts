import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay, currentConsent } from '@fangxin/shared';
import { Order } from '../src/modules/orders/model';
import { recomputeQualityScores } from '../src/modules/quality/service';
import { systemClock } from '../src/lib/clock';
import { backgroundJobs } from '../src/modules/jobs';
import type { AppDeps } from '../src/deps';
import { createLogger } from '../src/logger';
import { disabledProvider } from '../src/modules/payments/provider';
import { printFigures, sleep, TransportError, type Client, type Reply } from '../faults/kit';
import { bookingBody, buildLoadWorld, newKey, slotCycle, type LoadWorld } from '../faults/world';
import { createStaff, PASSWORD, randomPhone } from '../test/factories';
import { idleSafeClient, JOB_EVERY_MS, jobRuns, LOGIN_PER_SUBJECT_PER_MIN, startCluster, type Cluster, type JobRun } from './cluster';
import { countEffects, harnessOver, makeDueWork, type DueWork, type Effects } from './world';

/**
 * Three server instances (real processes, jobs on in all three) against one database, behind a round-robin proxy
 * (proxy.ts). Shows, with figures printed for docs/QUALITY.md, that the state every instance shares lives in the
 * database: rate limits, idempotency keys, sessions; that each background job does each piece of work once; and that
 * a rolling restart under load loses no request. Every assertion counts; none measures time.
 */

const NAMES = ['A', 'B', 'C'];
const LOAD_CUSTOMERS = 8;

let cluster: Cluster;
let client: Client;
let load: LoadWorld;
const direct = new Map<string, Client>();

/** A client to one instance, bypassing the proxy (to show what another instance answers). */
function on(name: string): Client {
  const server = cluster.instances.get(name)!;
  const key = `${name}@${server.url}`;
  if (!direct.has(key)) direct.set(key, idleSafeClient(server.url, 16));
  return direct.get(key)!;
}

beforeAll(async () => {
  cluster = await startCluster(NAMES);
  client = idleSafeClient(cluster.proxy.url, 48);
  load = await buildLoadWorld(client, LOAD_CUSTOMERS);
});

afterAll(async () => {
  client?.close();
  direct.forEach((c) => c.close());
  await cluster?.close();
});

/** Sends a booking until it has a final answer: a "same request in progress" 409 or a cut connection is retried with the same key. */
async function bookOnce(c: Client, customer: LoadWorld['customers'][number], key: string, body: unknown): Promise<{ reply: Reply; inProgress: number; cut: number }> {
  let inProgress = 0;
  let cut = 0;
  for (;;) {
    try {
      const reply = await c.request('POST', '/api/v1/orders', { token: customer.token, body, headers: { 'idempotency-key': key } });
      if (reply.status !== 409 || reply.body?.error?.id !== 'conflict') return { reply, inProgress, cut };
      inProgress++;
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      cut++;
    }
    await sleep(100);
  }
}

describe('several instances behind a round-robin proxy', () => {
  it('rate limits hold across instances: one counter per subject and window, whichever instance answers', async () => {
    const ATTEMPTS = 15;
    // The limit is per minute, in fixed windows: a burst that straddles a window's end is counted in two, and is sent
    // again (with another phone) rather than judged. It takes a fraction of a second, so that is rare.
    const minute = () => Math.floor(Date.now() / 60_000);
    let replies: Reply[] = [];
    for (let bursts = 0; bursts < 3; bursts++) {
      const phone = randomPhone();
      const window = minute();
      replies = await Promise.all(Array.from({ length: ATTEMPTS }, () => client.request('POST', '/api/v1/auth/otp/login', { body: { phone, code: '000000', consent: currentConsent() } })));
      if (minute() === window) break;
    }
    const limited = replies.filter((r) => r.status === 429);
    const through = replies.filter((r) => r.status !== 429);
    const backends = new Set(replies.map((r) => r.headers['x-backend']));
    printFigures('Rate limit across 3 instances (sign-in attempts for one phone, limit 5 a minute)', [
      ['attempts sent at once through the proxy', ATTEMPTS],
      ['instances that answered', [...backends].sort().join(', ')],
      ['let through (wrong code)', `${through.length}  (statuses ${[...new Set(through.map((r) => r.status))].join(', ')})`],
      ['refused 429 with Retry-After', `${limited.filter((r) => Number(r.headers['retry-after']) > 0).length}`],
    ]);
    expect(backends.size).toBe(NAMES.length);
    expect(through.length).toBe(LOGIN_PER_SUBJECT_PER_MIN);
    expect(limited.length).toBe(ATTEMPTS - LOGIN_PER_SUBJECT_PER_MIN);
    expect(limited.every((r) => Number(r.headers['retry-after']) > 0 && r.body?.error?.id === 'too_many_requests')).toBe(true);
  });

  it('an idempotency key holds across instances: the same booking sent to every instance at once makes one order', async () => {
    const KEYS = 10;
    const nextSlot = slotCycle();
    const customers = load.customers.slice(0, 2);
    let inProgress = 0;
    const results = await Promise.all(
      Array.from({ length: KEYS }, async (_, i) => {
        const customer = customers[i % customers.length]!;
        const key = newKey('multi');
        const body = bookingBody(load, customer, nextSlot(), key);
        // Each instance directly, and three more through the proxy (one to each in turn): six copies at once.
        const senders = [...NAMES.map((name) => on(name)), client, client, client];
        const answers = await Promise.all(senders.map((c) => bookOnce(c, customer, key, body)));
        inProgress += answers.reduce((s, a) => s + a.inProgress, 0);
        const conflicting = await on(NAMES[(i + 1) % NAMES.length]!).request('POST', '/api/v1/orders', {
          token: customer.token,
          body: { ...body, faultDescription: '另一份完全不同的故障描述' },
          headers: { 'idempotency-key': key },
        });
        const orders = await Order.countDocuments({ idempotencyKey: `${customer.id}:${key}` });
        return { replies: answers.map((a) => a.reply), conflicting, orders };
      }),
    );
    const all = results.flatMap((r) => r.replies);
    const sameOrder = results.filter((r) => new Set(r.replies.map((x) => x.body?.id)).size === 1).length;
    printFigures(`Idempotency keys across 3 instances: ${KEYS} bookings, each sent 6 times at once (3 instances + 3 via the proxy)`, [
      ['answers', all.length],
      ['201 created / 200 same order', `${all.filter((r) => r.status === 201).length} / ${all.filter((r) => r.status === 200).length}`],
      ['"in progress" 409s retried by the client', inProgress],
      ['keys whose answers all name one order', `${sameOrder} of ${KEYS}`],
      ['orders in the database per key', [...new Set(results.map((r) => r.orders))].join(', ')],
      ['same key, other body, on another instance → 409 idempotency_conflict', `${results.filter((r) => r.conflicting.body?.error?.id === 'idempotency_conflict').length} of ${KEYS}`],
    ]);
    expect(results.map((r) => r.replies.map((x) => x.status).sort().join(','))).toEqual(results.map(() => '200,200,200,200,200,201'));
    expect(sameOrder).toBe(KEYS);
    expect(results.map((r) => r.orders)).toEqual(results.map(() => 1));
    expect(results.map((r) => r.conflicting.body?.error?.id)).toEqual(results.map(() => 'idempotency_conflict'));
  });

  it('a session ended or an account disabled on one instance is refused by the others on the next request', async () => {
    const [A, B, C] = NAMES as [string, string, string];
    const manager = await createStaff('outlet_manager', load.outletId);
    const admin = await createStaff('platform_admin', null);
    const login = async (name: string, username: string) => {
      const res = await on(name).request('POST', '/api/v1/auth/staff/login', { body: { username, password: PASSWORD } });
      if (res.status !== 200) throw new Error(`login: ${res.status} ${res.text}`);
      return res.body as { accessToken: string; refreshToken: string };
    };
    const refresh = (name: string, refreshToken: string) => on(name).request('POST', '/api/v1/auth/refresh', { body: { refreshToken } });
    const me = (name: string, token: string) => on(name).request('GET', '/api/v1/me', { token });
    const checks: Array<[string, number, string | undefined, number]> = [];
    const check = (what: string, reply: Reply, expected: number) => checks.push([what, reply.status, reply.body?.error?.id, expected]);

    // Rotation on one instance, replay of the rotated token on another: the whole family is revoked everywhere.
    const first = await login(A, manager.username);
    const rotated = await refresh(B, first.refreshToken);
    check('refresh on B (rotation)', rotated, 200);
    check('replay of the rotated token on C', await refresh(C, first.refreshToken), 401);
    check('the new token of that family, on A', await refresh(A, rotated.body.refreshToken), 401);

    // Sign-out on one instance.
    const second = await login(A, manager.username);
    check('sign-out on B', await on(B).request('POST', '/api/v1/auth/logout', { body: { refreshToken: second.refreshToken } }), 204);
    check('refresh after sign-out, on C', await refresh(C, second.refreshToken), 401);

    // An account disabled on one instance: its access token is refused by the others from the next request.
    const third = await login(A, manager.username);
    check('access token on C before', await me(C, third.accessToken), 200);
    const adminSession = await login(A, admin.username);
    check('disable the account on B', await on(B).request('POST', `/api/v1/admin/users/${manager.id}/disable`, { token: adminSession.accessToken }), 200);
    check('access token on C after', await me(C, third.accessToken), 403);
    check('access token on A after', await me(A, third.accessToken), 403);
    check('refresh on A after', await refresh(A, third.refreshToken), 401);

    printFigures('Sessions across 3 instances (each step on the instance named, the next request on another)', checks.map(([what, status, id, expected]) => [what, `${status}${id ? ` ${id}` : ''}${status === expected ? '' : `  (expected ${expected})`}`]));
    expect(checks.map(([what, status]) => [what, status])).toEqual(checks.map(([what, , , expected]) => [what, expected]));
  });

  let work: DueWork;
  let effectsAfterJobs: Effects;

  it('every background job does each piece of work once across the three instances', async () => {
    work = await makeDueWork(harnessOver(client), 6);
    // Two engineers take the offered order at the same moment, each on another instance.
    const claims = await Promise.all(
      work.world.engineers.map((e, i) => on(NAMES[i % NAMES.length]!).request('POST', `/api/v1/orders/${work.offered}/claim`, { token: e.token })),
    );
    const dueAt = Date.now();
    // Meanwhile, two more "instances" here in the test process run every job's work at once, twice, without taking
    // any lease (as after a lease lost to a run that outlasted it): each piece of work's own compare-and-set must
    // still keep it to once.
    const withoutLease = backgroundJobs({ clock: systemClock, config: {}, wechatPay: disabledProvider('not used by this test'), logger: createLogger('silent') } as unknown as AppDeps);
    const UNLEASED_ROUNDS = 2;
    const unleased = Promise.all(
      [0, 1].map(async () => {
        for (let round = 0; round < UNLEASED_ROUNDS; round++) await Promise.all(withoutLease.map((job) => job.run()));
      }),
    );

    // Let every job run several rounds after the work became due (on whichever instances take their leases), until
    // every piece of work is done; then two more rounds of every job, which must change nothing.
    const JOBS = ['orders.sla_sweep', 'orders.auto_close', 'surveys.remind', 'complaints.deadline_sweep', 'return_visits.sample', 'analytics.rollup', 'quality.recompute'];
    const ROUNDS = 3;
    const runsSince = (since = dueAt) => NAMES.flatMap((name) => jobRuns(cluster.output(name), name)).filter((r) => r.startedAt > since);
    const roundsDone = (rounds: number, since = dueAt) => {
      const runs = runsSince(since);
      return JOBS.every((job) => runs.filter((r) => r.job === job).length >= rounds);
    };
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline && !(roundsDone(ROUNDS) && allDone(work, await countEffects(work)))) await sleep(1_000);
    await unleased;
    const settledAt = Date.now();
    while (Date.now() < deadline && !roundsDone(2, settledAt)) await sleep(1_000);
    const runs = runsSince();
    effectsAfterJobs = await countEffects(work);
    const e = effectsAfterJobs;
    // A fresh computation of the quality scores, here, from the statistics the instances rolled up: nothing to change.
    const rescored = await recomputeQualityScores(systemClock);

    const overlaps = overlapping(runs);
    printFigures(`Background jobs on 3 instances (every job every ${JOB_EVERY_MS} ms in each), from the work becoming due to 2 rounds after it was all done`, [
      ...JOBS.map((job): [string, string] => {
        const of = runs.filter((r) => r.job === job);
        return [`runs of ${job}`, `${of.length}  (${NAMES.map((n) => `${n} ${of.filter((r) => r.instance === n).length}`).join(', ')})`];
      }),
      ['runs of one job overlapping on two instances', overlaps.length],
      ['every job run meanwhile in the test process without its lease', `${2 * UNLEASED_ROUNDS} times (2 at once)`],
      ['SLA marks per (order, clock, kind)', summary(e.slaMarks, work.sla.length * 4)],
      ['auto_closed events per completed order', summary(e.autoClosed, work.completed.length)],
      ['survey reminders per closed order', summary(e.reminders, work.closed.length)],
      ['complaint breaches per (complaint, deadline)', summary(e.complaintBreaches, work.complaints.length * 2)],
      ['return-visit tasks per auto-closed order (sample rate 1)', summary(e.returnVisits, work.completed.length)],
      ['offered order claimed by 2 engineers on 2 instances', `${claims.map((c) => `${c.status}${c.body?.error?.id ? ` ${c.body.error.id}` : ''}`).sort().join(' / ')}; claimed events: ${e.claims}`],
      ['notifications per (user, type, order, text)', summary(e.notifications, e.notifications.length)],
      ['  of which written by jobs', e.jobNotifications],
      ['daily statistics ≠ direct count (3 days)', e.rollupMismatches.length ? e.rollupMismatches.join('; ') : 0],
      ['quality scores a fresh recompute changes', rescored.changed],
    ]);

    expect(overlaps).toEqual([]);
    expect(e.slaMarks).toEqual(Array(work.sla.length * 4).fill(1));
    expect(e.autoClosed).toEqual(work.completed.map(() => 1));
    expect(e.reminders).toEqual(work.closed.map(() => 1));
    expect(e.complaintBreaches).toEqual(Array(work.complaints.length * 2).fill(1));
    expect(e.returnVisits).toEqual(work.completed.map(() => 1));
    // The loser: 409 already_taken when its claim raced the winner's inside the compare-and-set; 404 when it arrived
    // after the winner's had committed (the order is no longer offered to it). Which one depends on timing.
    const [won, lost] = claims.map((c) => c.status).sort();
    expect(won).toBe(200);
    expect([404, 409]).toContain(lost);
    expect(e.claims).toBe(1);
    expect(e.notifications.filter((n) => n !== 1)).toEqual([]);
    expect(e.rollupMismatches).toEqual([]);
    expect(rescored.changed).toBe(0);
  });

  it('a rolling restart under booking and reading load loses no request, and every acknowledged booking is there once', async () => {
    const customers = load.customers.slice(2);
    const BOOKERS = 3;
    const READERS = 4;
    const nextSlot = slotCycle();
    const today = shanghaiDay(new Date());
    /** A reader's requests in turn: its orders, one of its acknowledged orders (or the catalogue), availability. */
    const reads = (known: string | undefined, n: number): string =>
      [
        '/api/v1/orders/mine?pageSize=5',
        known ? `/api/v1/orders/${known}` : '/api/v1/catalog/categories',
        `/api/v1/slots/availability?districtCode=330106&category=air_conditioner&from=${addDays(today, 1)}&to=${addDays(today, 7)}`,
      ][n % 3]!;
    const figures = { sent: 0, answered: 0, inProgress: 0, failed: [] as string[], cut: [] as string[] };
    const acknowledged = new Map<string, string>(); // `${customerId}:${key}` → order id
    const ordersOf = new Map<string, string[]>(); // customer id → acknowledged order ids
    let loading = true;

    const request = async (make: () => Promise<Reply>): Promise<Reply | null> => {
      figures.sent++;
      try {
        const reply = await make();
        figures.answered++;
        return reply;
      } catch (err) {
        figures.cut.push(err instanceof TransportError ? `${err.code} ${err.trace}` : String(err));
        return null;
      }
    };
    const booker = async (i: number) => {
      const customer = customers[i % customers.length]!;
      while (loading) {
        const key = newKey('roll');
        const body = bookingBody(load, customer, nextSlot(), key);
        // The client's own retries: the same key until a final answer (a cut connection or "in progress").
        for (;;) {
          const reply = await request(() => client.request('POST', '/api/v1/orders', { token: customer.token, body, headers: { 'idempotency-key': key } }));
          if (!reply) continue;
          if (reply.status === 409 && reply.body?.error?.id === 'conflict') {
            figures.inProgress++;
            await sleep(100);
            continue;
          }
          if (reply.status === 201 || reply.status === 200) {
            acknowledged.set(`${customer.id}:${key}`, reply.body.id);
            (ordersOf.get(customer.id) ?? ordersOf.set(customer.id, []).get(customer.id)!).push(reply.body.id);
          }
          else figures.failed.push(`POST /orders ${reply.status} ${reply.text.slice(0, 120)}`);
          break;
        }
      }
    };
    const reader = async (i: number) => {
      const customer = customers[i % customers.length]!;
      for (let n = 0; loading; n++) {
        const known = ordersOf.get(customer.id)?.at(-1 - (n % 5));
        const path = reads(known, n);
        const reply = await request(() => client.request('GET', path, { token: customer.token }));
        if (reply && reply.status !== 200) figures.failed.push(`GET ${path.split('?')[0]} ${reply.status} ${reply.text.slice(0, 120)}`);
      }
    };

    const proxyBefore = { ...cluster.proxy.figures };
    const failuresBefore = cluster.proxy.figures.failures.length;
    const loops = [...Array.from({ length: BOOKERS }, (_, i) => booker(i)), ...Array.from({ length: READERS }, (_, i) => reader(i))];
    const restarts: Array<{ name: string; drainMs: number; code: number | null; sentDuring: number }> = [];
    try {
      await sleep(1_500);
      for (const name of NAMES) {
        const sentBefore = figures.sent;
        const stopped = await cluster.stop(name);
        await cluster.start(name);
        restarts.push({ name, ...stopped, sentDuring: figures.sent - sentBefore });
        await sleep(1_000);
      }
    } finally {
      loading = false;
      await Promise.all(loops);
    }

    const keys = [...acknowledged.keys()];
    const present = await Order.find({ customerId: { $in: customers.map((c) => new Types.ObjectId(c.id)) }, idempotencyKey: { $regex: ':roll-' } }, { idempotencyKey: 1 }).lean();
    const perKey = new Map<string, number>();
    for (const o of present) perKey.set(o.idempotencyKey!, (perKey.get(o.idempotencyKey!) ?? 0) + 1);
    const missing = keys.filter((k) => !perKey.has(k));
    const duplicated = [...perKey].filter(([, n]) => n > 1);
    const unacknowledged = [...perKey.keys()].filter((k) => !acknowledged.has(k));
    const proxy = cluster.proxy.figures;
    const delta = (k: Exclude<keyof typeof proxy, 'failures'>) => proxy[k] - (proxyBefore[k] as number);

    // The jobs kept running through the restarts: still each piece of work once.
    const effectsAfterRestart = await countEffects(work);

    printFigures(`Rolling restart under load: ${BOOKERS} booking + ${READERS} reading clients through the proxy; SIGTERM A, B, C in turn`, [
      ['requests sent by the clients', figures.sent],
      ['answered', figures.answered],
      ['  failed (any status other than the expected)', figures.failed.length],
      ['  "in progress" 409s (the client retried the same key)', figures.inProgress],
      ['cut off (client ↔ proxy)', figures.cut.length],
      ['proxy: retried after a refused connection', delta('retriedRefused')],
      ['proxy: retried after a failed connection (idempotent only)', delta('retriedIdempotent')],
      ['proxy: 502 / 503 answered', `${delta('badGateway')} / ${delta('noBackend')}`],
      ['proxy: backends taken out / admitted', `${delta('takenOut')} / ${delta('admitted')}`],
      ...restarts.map((r): [string, string] => [`instance ${r.name}: SIGTERM → exit`, `${r.drainMs} ms, exit code ${r.code}; ${r.sentDuring} requests sent while it restarted`]),
      ['bookings acknowledged', keys.length],
      ['  present once / missing / duplicated', `${keys.length - missing.length - duplicated.length} / ${missing.length} / ${duplicated.length}`],
      ['orders nobody was told about', unacknowledged.length],
      ['job effects after the restarts (all once)', sameEffects(effectsAfterJobs, effectsAfterRestart) ? 'unchanged' : 'CHANGED'],
    ]);
    if (figures.failed.length) console.log(`failed:\n  ${figures.failed.slice(0, 20).join('\n  ')}`);
    if (figures.cut.length) console.log(`cut off:\n  ${figures.cut.slice(0, 20).join('\n  ')}`);
    const upstreamFailures = proxy.failures.slice(failuresBefore);
    if (upstreamFailures.length) console.log(`proxy ↔ instance connections that failed mid-request:\n  ${upstreamFailures.join('\n  ')}`);

    expect(figures.failed).toEqual([]);
    expect(figures.cut).toEqual([]);
    expect(figures.answered).toBe(figures.sent);
    expect(delta('badGateway') + delta('noBackend')).toBe(0);
    expect(restarts.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(restarts.every((r) => r.sentDuring > 0)).toBe(true);
    expect(keys.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(unacknowledged).toEqual([]);
    expect(effectsAfterRestart.notifications.filter((n) => n !== 1)).toEqual([]);
    expect(sameEffects(effectsAfterJobs, effectsAfterRestart)).toBe(true);
  });
});

/** Runs of the same job whose lease-held spans overlap (two instances doing the same job at once). */
function overlapping(runs: JobRun[]): string[] {
  const found: string[] = [];
  const byJob = new Map<string, JobRun[]>();
  for (const r of runs) (byJob.get(r.job) ?? byJob.set(r.job, []).get(r.job)!).push(r);
  for (const [job, list] of byJob) {
    list.sort((a, b) => a.startedAt - b.startedAt);
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.startedAt < list[i - 1]!.endedAt) found.push(`${job}: ${list[i - 1]!.instance} and ${list[i]!.instance}`);
    }
  }
  return found;
}

/** Every piece of work done at least once (how often is what the test then checks), and the statistics caught up. */
function allDone(work: DueWork, e: Effects): boolean {
  const done = (counts: number[], expected: number) => counts.length === expected && counts.every((n) => n > 0);
  return (
    done(e.slaMarks, work.sla.length * 4) &&
    done(e.autoClosed, work.completed.length) &&
    done(e.reminders, work.closed.length) &&
    done(e.complaintBreaches, work.complaints.length * 2) &&
    done(e.returnVisits, work.completed.length) &&
    e.rollupMismatches.length === 0
  );
}

/** "n of m done once" for a list of per-piece counts. */
function summary(counts: number[], expected: number): string {
  const once = counts.filter((n) => n === 1).length;
  const more = counts.filter((n) => n > 1).length;
  const none = expected - counts.filter((n) => n > 0).length;
  return `${once} of ${expected} once${more ? `, ${more} MORE THAN ONCE` : ''}${none > 0 ? `, ${none} not done` : ''}`;
}

function sameEffects(a: Effects, b: Effects): boolean {
  const pick = (e: Effects) => JSON.stringify([e.slaMarks, e.autoClosed, e.reminders, e.complaintBreaches, e.returnVisits, e.claims, e.jobNotifications]);
  return pick(a) === pick(b);
}
