import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-in servers for outside services (WeChat, SMS gateway) that answer like the real ones, so the real
 * HTTP clients are exercised end to end. Each records the requests it received.
 */
export interface StandIn {
  url: string;
  requests: Array<{ method: string; url: URL; headers: http.IncomingHttpHeaders; body: string }>;
  close(): Promise<void>;
}

export async function startStandIn(
  respond: (req: { method: string; url: URL; body: string }) => { status?: number; json?: unknown; delayMs?: number },
): Promise<StandIn> {
  const requests: StandIn['requests'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push({ method: req.method ?? 'GET', url, headers: req.headers, body });
      const answer = respond({ method: req.method ?? 'GET', url, body });
      setTimeout(() => {
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.json ?? {}));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
