import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERRORS, type ErrorId, type SessionUser } from '@fangxin/shared';
import { requestClient } from '@/api/request';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Hold the answer back, to make concurrent requests overlap. */
  delayMs?: number;
}

export type Handler = (request: RecordedRequest) => Reply;

export interface ApiServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests received for one "METHOD /path". */
  calls(route: string): RecordedRequest[];
  close(): Promise<void>;
}

/** The error body the real server sends, from the shared table. */
export function errorReply(id: ErrorId, extra: Record<string, unknown> = {}): Reply {
  return {
    status: ERRORS[id].status,
    body: { error: { id, message: ERRORS[id].message, requestId: 'req-test', ...extra } },
  };
}

export const MANAGER: SessionUser = {
  id: '65f000000000000000000001',
  role: 'outlet_manager',
  name: '王经理',
  username: 'manager.xihu',
  outletId: '65f0000000000000000000aa',
  outletName: '西湖网点',
};

/**
 * A real HTTP server on 127.0.0.1 (port 0), answering "METHOD /path" routes; unknown routes get the server's
 * 404 body. Tests talk to it over the network through the app's own request client.
 */
export async function startApiServer(routes: Record<string, Handler>): Promise<ApiServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0]!,
        authorization: req.headers.authorization,
        body: raw ? (JSON.parse(raw) as unknown) : undefined,
      };
      requests.push(recorded);
      const handler = routes[`${recorded.method} ${recorded.path}`];
      const reply = handler ? handler(recorded) : errorReply('route_not_found');
      setTimeout(() => {
        if (reply.body === undefined) {
          res.writeHead(reply.status).end();
          return;
        }
        res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (route) => requests.filter((r) => `${r.method} ${r.path}` === route),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        // fetch keeps connections alive; drop them so close() returns now rather than after the idle timeout.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Points the app's one request client at the test server. The fetch adapter is Node's own fetch: jsdom's
 * XMLHttpRequest would enforce CORS against the test page's origin, which the real same-origin admin never meets.
 */
export function useApiServer(server: ApiServer): void {
  requestClient.instance.defaults.baseURL = `${server.url}/api/v1`;
  requestClient.instance.defaults.adapter = 'fetch';
}
