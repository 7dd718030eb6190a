import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAliveClient, type Client } from '../faults/kit';
import { startProxy, type Proxy } from './proxy';

/**
 * The suite's balancer on its own, in front of small stand-in backends: what it retries and what it does not. Health
 * checks are left to their first answer (every 60 s here), so each case decides when a backend goes away.
 */

type Behaviour = 'answer' | 'close' | 'crash';

interface StandIn {
  url: string;
  /** Requests that reached it (method and path), /readyz excepted. */
  seen: string[];
  behaviour: Behaviour;
  stop(): Promise<void>;
}

const running: Array<{ stop(): Promise<void> }> = [];

async function standIn(name: string): Promise<StandIn> {
  const state: StandIn = { url: '', seen: [], behaviour: 'answer', stop: async () => undefined };
  const server = http.createServer((req, res) => {
    req.resume();
    req.once('end', () => {
      if (req.url === '/readyz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      state.seen.push(`${req.method} ${req.url}`);
      // The request was read (it may have been processed), then the connection dies before any answer.
      if (state.behaviour === 'crash') return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'application/json', ...(state.behaviour === 'close' ? { connection: 'close' } : {}) });
      res.end(JSON.stringify({ from: name }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  running.push(state);
  return state;
}

let proxy: Proxy;
let client: Client;

async function setUp(): Promise<{ a: StandIn; b: StandIn }> {
  const [a, b] = [await standIn('a'), await standIn('b')];
  proxy = await startProxy({ healthEveryMs: 60_000 });
  await proxy.add('a', a.url);
  await proxy.add('b', b.url);
  client = keepAliveClient(proxy.url, 4);
  running.push({ stop: async () => client.close() }, { stop: () => proxy.close() });
  return { a, b };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

const from = (reply: { body: { from?: string } }) => reply.body.from;

describe('the round-robin proxy', () => {
  it('sends requests to the backends in turn and says which one answered', async () => {
    await setUp();
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await client.request('GET', '/api/v1/x'));
    expect(replies.map(from)).toEqual(['a', 'b', 'a', 'b']);
    expect(replies.map((r) => r.headers['x-backend'])).toEqual(['a', 'b', 'a', 'b']);
  });

  it('retries any request whose connection was refused (nothing was sent) on another backend, and takes the refusing one out', async () => {
    const { b } = await setUp();
    await b.stop();
    const replies = [];
    for (let i = 0; i < 2; i++) replies.push(await client.request('POST', '/api/v1/orders', { body: { n: i } }));
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies.map(from)).toEqual(['a', 'a']);
    expect(proxy.figures.retriedRefused).toBe(1);
    expect(proxy.backends().find((x) => x.name === 'b')!.state).toBe('down');
  });

  it('answers 502 for a request that may have been processed, and retries it only when repeating is harmless', async () => {
    const { a, b } = await setUp();
    a.behaviour = 'crash';
    const post = await client.request('POST', '/api/v1/orders', { body: {} });
    expect(post.status).toBe(502);
    expect(a.seen).toEqual(['POST /api/v1/orders']);
    expect(b.seen).toEqual([]);

    // Round robin: this one goes to b, so that each of the next two goes to a first.
    expect(from(await client.request('GET', '/api/v1/x'))).toBe('b');
    const keyed = await client.request('POST', '/api/v1/orders', { body: {}, headers: { 'idempotency-key': 'k-1' } });
    const read = await client.request('GET', '/api/v1/orders/mine');
    expect([keyed.status, from(keyed)]).toEqual([200, 'b']);
    expect([read.status, from(read)]).toEqual([200, 'b']);
    expect(a.seen).toEqual(['POST /api/v1/orders', 'POST /api/v1/orders', 'GET /api/v1/orders/mine']);
    expect(proxy.figures).toMatchObject({ badGateway: 1, retriedIdempotent: 2 });
  });

  it('takes a backend out as soon as it answers with Connection: close (it is draining)', async () => {
    const { a } = await setUp();
    a.behaviour = 'close';
    const first = await client.request('GET', '/api/v1/x');
    expect([first.status, from(first)]).toEqual([200, 'a']);
    const next = [];
    for (let i = 0; i < 3; i++) next.push(from(await client.request('GET', '/api/v1/x')));
    expect(next).toEqual(['b', 'b', 'b']);
    expect(proxy.backends().find((x) => x.name === 'a')!.state).toBe('draining');
  });
});
