import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * The load balancer of the cluster suite: a small round-robin HTTP proxy on 127.0.0.1 in front of the server
 * instances, doing what a production balancer (nginx, a cloud LB) is configured to do.
 *
 * - Round robin over the backends that are `up`. A backend is up once its `/readyz` answered 200; it is checked every
 *   `healthEveryMs` (200 ms). A 503 (draining, or its database unreachable) takes it out at once as `draining`; two
 *   checks in a row without an answer (refused, or none within 2 s) take it out as `down`; a refused request to it
 *   takes it out at once. A 200 brings it back.
 * - A response carrying `Connection: close` (a stopping server answers every request that way while it drains) takes
 *   the backend out at once, before the next health check, and drops the idle connections the proxy keeps to it.
 * - Retries, on another backend, only requests that cannot have been processed: the connection was refused, so
 *   nothing was sent. A request whose connection failed after it was written (reset, hang up) is retried only when
 *   repeating it is harmless: GET and HEAD, or any request carrying an `Idempotency-Key` (the server answers a repeat
 *   with the first result). Anything else gets 502, and the client decides.
 * - Idle connections to a backend are closed after 2 s, before the server's keep-alive timeout (5 s) would.
 * - Request bodies are read whole before forwarding (API bodies are small) so a retry can send them again; response
 *   bodies are streamed. Hop-by-hop headers are dropped both ways; `X-Forwarded-For` is added, and each response
 *   says which backend answered in `X-Backend` (the suite counts where requests went).
 * - With no backend up, a request waits up to `waitForBackendMs` for one, then gets 503.
 */

export type BackendState = 'up' | 'draining' | 'down';

export interface Backend {
  name: string;
  url: string;
  state: BackendState;
  /** Requests answered by this backend. */
  served: number;
  agent: http.Agent;
}

export interface ProxyFigures {
  requests: number;
  answered: number;
  /** Retried on another backend after a refused connection (nothing had been sent). */
  retriedRefused: number;
  /** Retried on another backend after a connection failed mid-request; only GET/HEAD or with an Idempotency-Key. */
  retriedIdempotent: number;
  /** Answered 502 by the proxy: a request that may have been processed failed and may not be repeated. */
  badGateway: number;
  /**
   * Each attempt whose connection failed after it was made: backend, its state, request, error, whether the
   * connection was a reused keep-alive one and how long it had been idle (diagnostics for the suites' output).
   */
  failures: string[];
  /** Answered 503 by the proxy: no backend came up in time. */
  noBackend: number;
  /** Times a backend was taken out of rotation (503 from /readyz, refused, or a `Connection: close` answer). */
  takenOut: number;
  /** Times a backend was (re)admitted after /readyz answered 200. */
  admitted: number;
}

export interface Proxy {
  url: string;
  backends(): Backend[];
  /** Adds a backend; it takes traffic once its first health check answers 200. Resolves when it is up. */
  add(name: string, url: string, timeoutMs?: number): Promise<void>;
  remove(name: string): void;
  figures: ProxyFigures;
  close(): Promise<void>;
}

/** Health checks in a row with no answer (refused or timed out) before a backend that was up is taken out. */
const UNHEALTHY_AFTER = 2;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length']);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(key)) out[key] = value;
  return out;
}

/** One answer from /readyz on a fresh connection: its status, or 0 when none came. */
function readiness(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/readyz`, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', () => resolve(0));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
  });
}

type Attempt =
  | { kind: 'answered' }
  | { kind: 'refused' }
  /** Failed after the connection was made: the request may have reached the backend. */
  | { kind: 'failed'; code: string };

/**
 * Idle connections to a backend are kept this long, well under the server's keep-alive timeout (5 s): a connection
 * the server is closing for idleness is never picked for a request at that moment (the classic keep-alive race,
 * which would reset a request already written). Production balancers are set up the same way.
 */
const UPSTREAM_IDLE_MS = 2_000;
const idleSince = new WeakMap<Socket, number>();

function upstreamAgent(): http.Agent {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16 });
  // After the agent's own handler, which sets the idle timeout from the server's Keep-Alive hint; a free socket that
  // times out is destroyed by the agent.
  agent.on('free', (socket: Socket) => {
    idleSince.set(socket, Date.now());
    socket.setTimeout(UPSTREAM_IDLE_MS);
  });
  return agent;
}

export async function startProxy(options: { healthEveryMs?: number; waitForBackendMs?: number } = {}): Promise<Proxy> {
  const healthEveryMs = options.healthEveryMs ?? 200;
  const waitForBackendMs = options.waitForBackendMs ?? 15_000;
  const backends: Backend[] = [];
  const figures: ProxyFigures = { requests: 0, answered: 0, retriedRefused: 0, retriedIdempotent: 0, badGateway: 0, noBackend: 0, takenOut: 0, admitted: 0, failures: [] };
  let next = 0;

  const setState = (backend: Backend, state: BackendState) => {
    if (backend.state === state) return;
    if (state === 'up') figures.admitted++;
    else if (backend.state === 'up') {
      figures.takenOut++;
      // Its idle connections would only be closed by it (at its keep-alive timeout, delaying its exit); nothing is
      // in flight on them. Requests in flight on the others finish.
      for (const idle of Object.values(backend.agent.freeSockets)) for (const socket of idle ?? []) socket.destroy();
    }
    backend.state = state;
  };

  const checking = new Set<Backend>();
  /** Health checks in a row that got no answer, per backend: one slow answer on a busy machine is not an outage. */
  const unanswered = new Map<Backend, number>();
  const check = async (backend: Backend) => {
    if (checking.has(backend)) return;
    checking.add(backend);
    try {
      const status = await readiness(backend.url, 2_000);
      if (!backends.includes(backend)) return void unanswered.delete(backend);
      const misses = status === 0 ? (unanswered.get(backend) ?? 0) + 1 : 0;
      unanswered.set(backend, misses);
      if (status === 200) setState(backend, 'up');
      else if (status !== 0) setState(backend, 'draining');
      else if (misses >= UNHEALTHY_AFTER || backend.state !== 'up') setState(backend, 'down');
    } finally {
      checking.delete(backend);
    }
  };
  const healthTimer = setInterval(() => backends.forEach((b) => void check(b)), healthEveryMs);

  /** The next backend that is up and not tried yet for this request, in turn; waits for one when none is up. */
  const pick = async (tried: Set<Backend>): Promise<Backend | null> => {
    const deadline = Date.now() + waitForBackendMs;
    for (;;) {
      for (let i = 0; i < backends.length; i++) {
        const backend = backends[(next + i) % backends.length]!;
        if (backend.state === 'up' && !tried.has(backend)) {
          next = (next + i + 1) % backends.length;
          return backend;
        }
      }
      if (Date.now() > deadline) return null;
      // Every backend tried or out: wait for a health check to bring one (back) in, then try them again.
      if (tried.size > 0 && backends.every((b) => b.state !== 'up' || tried.has(b))) tried.clear();
      await sleep(25);
    }
  };

  const forward = (backend: Backend, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<Attempt> =>
    new Promise((resolve) => {
      let connected = false;
      let settled = false;
      const done = (attempt: Attempt) => {
        if (settled) return;
        settled = true;
        resolve(attempt);
      };
      const target = new URL(backend.url);
      const upstream = http.request(
        {
          host: target.hostname,
          port: Number(target.port),
          method: req.method,
          path: req.url,
          agent: backend.agent,
          headers: {
            ...endToEnd(req.headers),
            host: target.host,
            'content-length': String(body.length),
            'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1',
          },
        },
        (answer) => {
          if (answer.headers.connection === 'close') setState(backend, 'draining');
          backend.served++;
          res.writeHead(answer.statusCode ?? 502, { ...endToEnd(answer.headers), 'x-backend': backend.name });
          answer.pipe(res);
          // A body cut short by the backend is cut short for the client too: it is not hidden.
          answer.once('aborted', () => res.destroy());
          answer.once('error', () => res.destroy());
          done({ kind: 'answered' });
        },
      );
      upstream.once('socket', (socket: Socket) => {
        if (!socket.connecting) connected = true;
        else socket.once('connect', () => (connected = true));
      });
      upstream.once('error', (err: NodeJS.ErrnoException) => {
        if (!connected && err.code === 'ECONNREFUSED') done({ kind: 'refused' });
        else {
          const idle = upstream.reusedSocket && upstream.socket ? `, last freed ${Date.now() - (idleSince.get(upstream.socket) ?? Date.now())} ms before` : '';
          figures.failures.push(`${backend.name} (${backend.state}) ${req.method} ${req.url?.split('?')[0]}: ${err.code ?? err.message}, ${upstream.reusedSocket ? 'reused' : 'new'} connection${idle}`);
          done({ kind: 'failed', code: err.code ?? 'ERROR' });
        }
      });
      upstream.end(body);
    });

  const server = http.createServer(async (req, res) => {
    figures.requests++;
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client went away while sending
    }
    const body = Buffer.concat(chunks);
    const repeatable = req.method === 'GET' || req.method === 'HEAD' || req.headers['idempotency-key'] !== undefined;
    const tried = new Set<Backend>();
    for (;;) {
      const backend = await pick(tried);
      if (!backend) {
        figures.noBackend++;
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { id: 'service_unavailable', message: 'no backend available' } }));
        return;
      }
      tried.add(backend);
      const attempt = await forward(backend, req, body, res);
      if (attempt.kind === 'answered') {
        figures.answered++;
        return;
      }
      if (attempt.kind === 'refused') {
        setState(backend, 'down');
        figures.retriedRefused++;
        continue;
      }
      if (repeatable) {
        figures.retriedIdempotent++;
        continue;
      }
      figures.badGateway++;
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { id: 'bad_gateway', message: `backend ${backend.name}: ${attempt.code}` } }));
      return;
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    backends: () => [...backends],
    figures,
    async add(name, url, timeoutMs = 60_000) {
      const backend: Backend = { name, url, state: 'down', served: 0, agent: upstreamAgent() };
      backends.push(backend);
      void check(backend);
      const deadline = Date.now() + timeoutMs;
      while (backend.state !== 'up') {
        if (Date.now() > deadline) throw new Error(`backend ${name} (${url}) not admitted within ${timeoutMs} ms`);
        await sleep(50);
      }
    },
    remove(name) {
      const i = backends.findIndex((b) => b.name === name);
      if (i < 0) return;
      backends[i]!.agent.destroy();
      backends.splice(i, 1);
    },
    async close() {
      clearInterval(healthTimer);
      backends.forEach((b) => b.agent.destroy());
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
