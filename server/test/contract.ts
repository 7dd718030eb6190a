import type { z } from 'zod';
import { ErrorResponse } from '@fangxin/shared';
import type { MountedRoute } from '../src/http/route';
import type { ApiResponse, TestServer } from './harness';

/**
 * The response contract of every mounted route, checked on real answers: never a 5xx, and every 2xx JSON body parses
 * with the route's documented `response` schema (the same zod schema the OpenAPI document is built from). Routes are
 * found the way the router finds them: `prefix + spec.path` compiled into a matcher, first match in mounting order
 * (so `/orders/mine` wins over `/orders/:id`, as in the app).
 *
 *   const contract = createContract(t.server.routes);
 *   const res = await t.request('GET', `/api/v1/orders/${id}`, { token });
 *   contract.check('GET', `/api/v1/orders/${id}`, res);   // throws ContractViolation
 *
 * or `contractRequest(t, contract)`, a drop-in for `t.request` that checks every answer.
 */
export interface MatchedRoute {
  method: string;
  /** The path template as mounted (`/api/v1/orders/:id`). */
  template: string;
  route: MountedRoute;
  params: Record<string, string>;
}

export class ContractViolation extends Error {
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ContractViolation';
  }
}

export interface Contract {
  /** The mounted route a request reaches, or null. `path` may carry a query string. */
  match(method: string, path: string): MatchedRoute | null;
  /** Throws a ContractViolation when the answer is a 5xx or a 2xx body that its route's schema does not accept. */
  check(method: string, path: string, res: Pick<ApiResponse, 'status' | 'body'> & { headers?: Headers }): void;
  /** How many answers were checked, and how many bodies were parsed with a schema. */
  readonly counts: { responses: number; schemaChecks: number };
}

interface Compiled {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  route: MountedRoute;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** koa-router path syntax as used by the app: literal segments and `:name` parameters. */
export function compilePath(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const param = /^:(\w+)$/.exec(segment);
      if (!param) return escapeRe(segment);
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`), names };
}

/**
 * Keys the server sent that the schema does not declare (zod drops them while parsing): a field added to a presenter
 * but not to the contract is drift too, so the apps would never see it typed.
 */
export function undeclaredKeys(sent: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) return sent.flatMap((v, i) => undeclaredKeys(v, parsed[i], `${path}${path ? '.' : ''}${i}`));
  if (!sent || typeof sent !== 'object' || !parsed || typeof parsed !== 'object' || Array.isArray(sent) || Array.isArray(parsed)) return [];
  return Object.keys(sent).flatMap((key) => {
    const here = path ? `${path}.${key}` : key;
    if (!(key in parsed)) return (sent as Record<string, unknown>)[key] === undefined ? [] : [here];
    return undeclaredKeys((sent as Record<string, unknown>)[key], (parsed as Record<string, unknown>)[key], here);
  });
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 8)
    .map((i) => `  - ${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('\n');
}

export function createContract(routes: MountedRoute[]): Contract {
  const compiled: Compiled[] = routes.map((route) => {
    const template = route.prefix + route.spec.path;
    return { method: route.spec.method.toUpperCase(), template, route, ...compilePath(template) };
  });
  const counts = { responses: 0, schemaChecks: 0 };

  function match(method: string, path: string): MatchedRoute | null {
    const pathname = path.split('?')[0]!;
    const upper = method.toUpperCase();
    for (const c of compiled) {
      if (c.method !== upper) continue;
      const m = c.regex.exec(pathname);
      if (!m) continue;
      const params = Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
      return { method: upper, template: c.template, route: c.route, params };
    }
    return null;
  }

  function check(method: string, path: string, res: Pick<ApiResponse, 'status' | 'body'> & { headers?: Headers }): void {
    counts.responses++;
    const where = `${method.toUpperCase()} ${path}`;
    // 502 (an outside service failed), 503 (not ready, database down) and 501 (an unknown method) are answered on
    // purpose and documented; any other 5xx is a crash.
    if (res.status >= 500 && ![501, 502, 503].includes(res.status)) {
      throw new ContractViolation(`${where} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 400)}`, method, path, res.status);
    }
    if (res.status >= 400) {
      if (typeof res.body === 'string' && !res.body) return; // HEAD, or a body the transport never sent
      const parsed = ErrorResponse.safeParse(res.body);
      const spec = match(method, path)?.route.spec;
      const ownBody = spec?.responseAlsoOn?.includes(res.status) && spec.response?.safeParse(res.body).success;
      if (!parsed.success && !ownBody) {
        throw new ContractViolation(`${where} answered ${res.status} with a body that is not an error body:\n${describeIssues(parsed.error)}\nbody: ${JSON.stringify(res.body).slice(0, 400)}`, method, path, res.status);
      }
      return;
    }
    if (res.status < 200 || res.status >= 300) return;
    // OPTIONS is answered for every path by the method middleware, and the API's own docs (the OpenAPI document
    // and its viewer) are not endpoints of the API.
    if (method.toUpperCase() === 'OPTIONS' || /^\/api\/(openapi\.json|docs)(\/|$)/.test(path)) return;
    const matched = match(method, path);
    if (!matched) throw new ContractViolation(`${where} answered ${res.status} but no mounted route matches it`, method, path, res.status);
    const { spec } = matched.route;
    if (!spec.response || spec.produces || res.status === 204) return;
    const contentType = res.headers?.get('content-type') ?? null;
    const isJson = contentType === null ? typeof res.body !== 'string' : contentType.includes('json');
    if (!isJson) {
      throw new ContractViolation(`${where} (${matched.template}) answered ${res.status} with ${contentType ?? 'a non-JSON body'}, documented as JSON`, method, path, res.status);
    }
    counts.schemaChecks++;
    const parsed = spec.response.safeParse(res.body);
    if (!parsed.success) {
      throw new ContractViolation(
        `${where} (${matched.template}) answered ${res.status} with a body its documented response schema refuses:\n${describeIssues(parsed.error)}\nbody: ${JSON.stringify(res.body).slice(0, 600)}`,
        method,
        path,
        res.status,
      );
    }
    const extra = undeclaredKeys(res.body, parsed.data);
    if (extra.length) {
      throw new ContractViolation(`${where} (${matched.template}) answered ${res.status} with fields its response schema does not declare: ${extra.slice(0, 8).join(', ')}`, method, path, res.status);
    }
  }

  return { match, check, counts };
}

/** `t.request` with every answer checked against the contract. */
export function contractRequest(t: TestServer, contract: Contract = createContract(t.server.routes)): TestServer['request'] {
  return async (method, path, options) => {
    const res = await t.request(method, path, options);
    contract.check(method, path, res);
    return res;
  };
}
