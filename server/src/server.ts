import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';
import { createApp } from './app';
import type { AppDeps } from './deps';

export interface CloseOptions {
  /** Longest wait for in-flight requests (and, with `connections: 'drain'`, open connections) before every socket is cut. */
  graceMs?: number;
  /**
   * `drain` (SIGTERM, clients are live): first takes in the connections already waiting in the kernel's accept queue
   * (closing the listener would reset them, with their requests written), then stops listening; each open connection
   * carries at most one more request, answered with Connection: close, or expires at its announced keep-alive timeout.
   * No request a client is sending is reset. `cut` (default): drops idle keep-alive connections at once; for servers
   * no client is sending to at that moment, such as a test's.
   */
  connections?: 'drain' | 'cut';
  /**
   * Before anything else, for this long: `/readyz` answers 503 while every request is still served as usual, so a load
   * balancer's health check takes the instance out of rotation while it still listens. Without it, the balancer keeps
   * sending new connections until its next check, and those reach a closed listener (refused, or reset if they were
   * queued when it closed). Set it a little longer than the balancer's check interval (`SHUTDOWN_ANNOUNCE_MS`).
   */
  announceMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  /**
   * Drains: stops accepting connections, answers in-flight and arriving requests with `Connection: close` (Node closes
   * each connection once that response is written), and waits for them up to the grace; then cuts what is left.
   */
  close(options?: CloseOptions): Promise<void>;
  routes: ReturnType<typeof createApp>['routes'];
}

/** Keep-alive connections idle this long are closed; announced to clients (`Keep-Alive: timeout=5`), which stop reusing them earlier. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

export async function startServer(deps: AppDeps, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const { app, runtime, routes } = createApp(deps);
  const server = http.createServer();
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const inFlight = new Set<http.ServerResponse>();
  const idleWaiters: Array<() => void> = [];
  // Before the app: a request that arrives while draining is answered with Connection: close.
  server.on('request', (_req, res: http.ServerResponse) => {
    if (runtime.draining) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size === 0) idleWaiters.splice(0).forEach((resolve) => resolve());
    });
  });
  server.on('request', app.callback());
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  const host = options.host ?? deps.config.HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? deps.config.PORT, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const within = (graceMs: number, done: Promise<void>) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs).unref();
      void done.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    host,
    routes,
    close({ graceMs = 10_000, connections = 'cut', announceMs = 0 } = {}) {
      closing ??= (async () => {
        if (announceMs > 0) {
          runtime.draining = true;
          await new Promise((resolve) => setTimeout(resolve, announceMs));
        }
        if (connections === 'drain') await acceptQueued(server, Math.min(graceMs, 2_000));
        runtime.draining = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
        if (connections === 'drain') {
          // Stop listening, nothing more: http.Server#close would also drop idle keep-alive connections at once, and
          // a request a client is writing onto one of them at that moment would be reset.
          net.Server.prototype.close.call(server);
          await within(graceMs, closed);
        } else {
          server.close();
          if (inFlight.size > 0) await within(graceMs, new Promise<void>((resolve) => idleWaiters.push(resolve)));
        }
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        await closed;
      })();
      return closing;
    },
  };
}

/**
 * Resolves once the connections waiting in the kernel's accept queue have been taken in (a busy event loop can leave
 * dozens there for a while). The queue is first in, first out: a connection of the server's own, opened now, is
 * accepted after every connection that was already waiting.
 */
function acceptQueued(server: http.Server, timeoutMs: number): Promise<void> {
  const { address, port } = server.address() as AddressInfo;
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  return new Promise<void>((resolve) => {
    const probe = net.connect({ host, port });
    const done = () => {
      clearTimeout(timer);
      server.off('connection', onConnection);
      probe.destroy();
      resolve();
    };
    const onConnection = (socket: Socket) => {
      if (socket.remotePort !== probe.localPort) return;
      socket.destroy();
      done();
    };
    const timer = setTimeout(done, timeoutMs);
    probe.once('error', done);
    server.on('connection', onConnection);
  });
}
