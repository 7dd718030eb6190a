import fs from 'node:fs';
import http from 'node:http';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, shanghaiDay } from '@fangxin/shared';
import { connectDatabase } from '../src/db/connect';
import { startEmbeddedDb, type EmbeddedDb } from '../src/db/embedded';
import { keepAliveClient, printFigures, probe, sleep, startServerProcess, tempDir, TransportError, type Reply, type ServerProcess } from './kit';
import { bookingBody, buildLoadWorld, newKey, slotCycle, type LoadWorld } from './world';

/**
 * SIGTERM in the middle of a load on 50 keep-alive connections (mostly reads, some bookings): every request that was
 * sent gets a complete HTTP response; the only failures allowed are connections refused once the listener has closed
 * (nothing was sent on them). The process exits 0 within its grace time. Run several times in a row (a reset on a
 * keep-alive connection is a race that shows up only sometimes): FAULTS_SIGTERM_ROUNDS, default 3.
 */

const CONNECTIONS = 50;
const ROUNDS = Number(process.env.FAULTS_SIGTERM_ROUNDS ?? 3);
const LOAD_BEFORE_SIGTERM_MS = 1_500;
/** The server's own drain grace (server.close default) and a margin for a loaded machine. */
const EXIT_WITHIN_MS = 10_000 + 5_000;

interface RoundFigures {
  completed: number;
  afterSigterm: number;
  announcedClose: number;
  refused: number;
  cut: string[];
  unexpected: string[];
  drainMs: number;
  exitCode: number | null;
}

let engine: EmbeddedDb;
let dir: string;
let world: LoadWorld;
const dbName = 'faults_sigterm';

beforeAll(async () => {
  dir = tempDir('sigterm');
  engine = await startEmbeddedDb({ storage: 'memory', port: 0 });
  await connectDatabase(engine.uri, dbName);
});

afterAll(async () => {
  await mongoose.disconnect();
  await engine?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** One round: a fresh server process, load, SIGTERM, load until the process is gone. */
async function round(): Promise<RoundFigures> {
  const server: ServerProcess = await startServerProcess({ mongoUri: engine.uri, dbName, dataDir: dir });
  const client = keepAliveClient(server.url, CONNECTIONS);
  try {
    world ??= await buildLoadWorld(client, 5);
    const today = shanghaiDay(new Date());
    const reads = [
      `/api/v1/slots/availability?districtCode=330106&category=air_conditioner&from=${addDays(today, 1)}&to=${addDays(today, 7)}`,
      '/api/v1/catalog/categories',
      '/healthz',
      '/api/v1/orders/mine?pageSize=5',
    ];
    const nextSlot = slotCycle();
    const figures: RoundFigures = { completed: 0, afterSigterm: 0, announcedClose: 0, refused: 0, cut: [], unexpected: [], drainMs: 0, exitCode: null };
    let sigtermAt = 0;
    let exited = false;
    void server.exited.then(() => (exited = true));

    const loop = async (i: number) => {
      const customer = world.customers[i % world.customers.length]!;
      for (let n = 0; !exited; n++) {
        const writes = i % 10 === 0 && n % 3 === 0;
        const sentAt = Date.now();
        let reply: Reply;
        try {
          reply = writes
            ? await client.request('POST', '/api/v1/orders', { token: customer.token, body: bookingBody(world, customer, nextSlot()), headers: { 'idempotency-key': newKey('term') } })
            : await client.request('GET', reads[n % reads.length]!, { token: customer.token });
        } catch (err) {
          if (err instanceof TransportError && err.refused) {
            figures.refused++;
            await sleep(20);
          } else {
            const when = !sigtermAt ? 'before SIGTERM' : sentAt < sigtermAt ? `sent ${sigtermAt - sentAt} ms before SIGTERM` : `sent ${sentAt - sigtermAt} ms after SIGTERM`;
            const detail = err instanceof TransportError ? `${err.code}, ${when}, reused socket: ${err.reusedSocket}; ${err.trace}` : `${String(err)}, ${when}`;
            figures.cut.push(detail);
          }
          continue;
        }
        figures.completed++;
        if (sigtermAt && sentAt >= sigtermAt) figures.afterSigterm++;
        if (reply.headers.connection === 'close') figures.announcedClose++;
        if (![200, 201].includes(reply.status)) figures.unexpected.push(`${reply.status} ${reply.text.slice(0, 120)}`);
      }
    };
    const loops = Array.from({ length: CONNECTIONS }, (_, i) => loop(i));
    await sleep(LOAD_BEFORE_SIGTERM_MS);
    sigtermAt = Date.now();
    server.kill('SIGTERM');
    const exit = await Promise.race([server.exited, sleep(EXIT_WITHIN_MS + 5_000).then(() => null)]);
    if (!exit) server.kill('SIGKILL');
    exited = true;
    await Promise.all(loops);
    figures.drainMs = exit ? exit.at - sigtermAt : Infinity;
    figures.exitCode = exit ? exit.code : null;
    return figures;
  } finally {
    client.close();
    if (server.child.exitCode === null) server.kill('SIGKILL');
  }
}

describe('SIGTERM during a load on keep-alive connections', () => {
  it(`answers every request that was sent, refuses the rest, and exits 0 in time (${ROUNDS} rounds)`, async () => {
    const rounds: RoundFigures[] = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round());

    const sum = (pick: (r: RoundFigures) => number) => rounds.reduce((s, r) => s + pick(r), 0);
    const drains = rounds.map((r) => r.drainMs);
    printFigures(`SIGTERM during load (suite 2), ${ROUNDS} rounds × ${CONNECTIONS} keep-alive connections`, [
      ['requests completed', sum((r) => r.completed)],
      ['  of which sent after SIGTERM', sum((r) => r.afterSigterm)],
      ['  announcing Connection: close', sum((r) => r.announcedClose)],
      ['refused after the listener closed', sum((r) => r.refused)],
      ['cut off (reset / hang up / partial)', sum((r) => r.cut.length)],
      ['unexpected statuses', sum((r) => r.unexpected.length)],
      ['drain time (SIGTERM → exit), per round', drains.map((ms) => `${ms} ms`).join(', ')],
      ['exit codes', rounds.map((r) => r.exitCode).join(', ')],
    ]);
    const cut = rounds.flatMap((r, i) => r.cut.map((c) => `round ${i + 1}: ${c}`));
    const unexpected = [...new Set(rounds.flatMap((r) => r.unexpected))];
    if (unexpected.length) console.log(`unexpected:\n  ${unexpected.slice(0, 10).join("\n  ")}`);
    if (cut.length) console.log(`cut off:\n  ${cut.slice(0, 20).join('\n  ')}`);

    expect(cut).toEqual([]);
    expect(rounds.flatMap((r) => r.unexpected)).toEqual([]);
    expect(rounds.map((r) => r.exitCode)).toEqual(rounds.map(() => 0));
    expect(drains.filter((ms) => ms > EXIT_WITHIN_MS)).toEqual([]);
    expect(sum((r) => r.afterSigterm), 'requests kept arriving on open connections during the drain').toBeGreaterThan(0);
  });

  it('answers the requests still waiting in the accept queue when SIGTERM arrives', async () => {
    // A frozen process accepts nothing: the kernel completes the handshakes and queues the connections, with their
    // requests written. SIGTERM is then handled as the process wakes up, together with those connections.
    const server = await startServerProcess({ mongoUri: engine.uri, dbName, dataDir: dir });
    expect(await probe(`${server.url}/healthz`)).toBe(200);
    const QUEUED = 20;
    server.kill('SIGSTOP');
    try {
      const replies = Array.from(
        { length: QUEUED },
        () =>
          new Promise<string>((resolve) => {
            const req = http.get(`${server.url}/healthz`, { agent: false }, (res) => {
              let body = '';
              res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
              res.once('end', () => resolve(`${res.statusCode} ${res.headers.connection} ${JSON.parse(body).status}`));
              res.once('error', (err: NodeJS.ErrnoException) => resolve(`cut: ${err.code}`));
            });
            req.once('error', (err: NodeJS.ErrnoException) => resolve(`cut: ${err.code}`));
          }),
      );
      await sleep(300);
      server.kill('SIGTERM');
      server.kill('SIGCONT');
      const answers = await Promise.all(replies);
      const exit = await server.exited;
      printFigures('SIGTERM with connections waiting in the accept queue (suite 2b)', [
        ['connections queued while frozen', QUEUED],
        ['answered', answers.filter((a) => a.startsWith('200')).length],
        ['cut off', answers.filter((a) => a.startsWith('cut')).length],
        ['exit code', String(exit.code)],
      ]);
      expect(answers).toEqual(Array.from({ length: QUEUED }, () => '200 close ok'));
      expect(exit.code).toBe(0);
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.kill('SIGCONT');
        server.kill('SIGKILL');
      }
    }
  });
});
