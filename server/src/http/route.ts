import type { Context } from 'koa';
import type Router from '@koa/router';
import { z } from 'zod';
import { API_BASE_PATH, FORBIDDEN_KEY, FORBIDDEN_TEXT_CHARS, type AnyEndpoint, type EndpointInput, type FieldError, type HandlerResult, type Role } from '@fangxin/shared';
import { AppError } from '../core/errors';
import type { AuthUser } from '../core/authUser';
import { authenticate } from './auth';
import type { AppDeps } from '../deps';
import { enforceRateLimits, type RateRule } from './rateLimit';
import { recordAudit, withRequestAudit } from '../modules/audit/service';

/** The kinds of record a path can name (`:id`, `:serial`, `:code`…), for the authorization matrix. */
export type RecordKind =
  | 'order' | 'offer' | 'address' | 'appliance' | 'engineer' | 'outlet' | 'upload' | 'notification' | 'card' | 'complaint'
  | 'survey' | 'returnVisit' | 'catalogItem' | 'policy' | 'catalogVersion' | 'user' | 'template' | 'cardToken' | 'photo' | 'rectification'
  | 'appeal';

/**
 * What one kind of caller gets from a route. A status: refused with it whatever the record. `any`: allowed whatever
 * the record. `own`: allowed on the caller's own record (a customer's own order, address…; an engineer's assigned
 * order); anyone else's answers 404, as if it did not exist. `outlet`: allowed on records of the caller's outlet
 * (an engineer: orders on offer to their outlet); another outlet's answers 404.
 */
export type Access = 401 | 403 | 404 | 'any' | 'own' | 'outlet';

/**
 * The expected answer for every caller, declared next to each route and checked by the authorization matrix
 * (`server/test/abuse.authz.test.ts`), which calls every route as every caller on their own record, another's in
 * the same outlet and another outlet's, and fails on any other answer. Independent of `auth` on purpose: a route
 * whose roles are widened by mistake fails the matrix.
 */
export interface AccessMatrix {
  /** The record the path names, when access depends on whose it is. */
  record?: RecordKind;
  anonymous: Access;
  customer: Access;
  engineer: Access;
  manager: Access;
  admin: Access;
}

export interface RouteContext extends Context {
  state: Context['state'] & { user?: AuthUser; requestId: string };
}

/** The server's half of a route whose declaration lives in shared: who gets what, rate limits, and the handler. */
export interface RouteImpl<E extends AnyEndpoint> {
  /** Who gets what, for the authorization matrix (see AccessMatrix). */
  access: AccessMatrix;
  rateLimit?: (ctx: RouteContext, input: EndpointInput<E>) => RateRule[];
  /** Returns what the endpoint's response schema accepts (checked by the compiler, and by the tests on every answer). */
  handler: (ctx: RouteContext, input: EndpointInput<E>, deps: AppDeps) => Promise<HandlerResult<E>> | HandlerResult<E>;
}

/**
 * A mounted route: its shared declaration's fields (method, path, auth, schemas, docs) with the server's half
 * (access, rate limits, handler), and the declaration itself. The same object mounts the route, validates input,
 * checks roles, and documents it in OpenAPI, so the docs cannot drift from the code.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRouteSpec = AnyEndpoint & RouteImpl<any> & { endpoint: AnyEndpoint };

/**
 * Serves a shared endpoint declaration (`api.orders.get`): the declaration gives method, path, auth, schemas and
 * docs; the server adds access, rate limits and the handler, whose result type is bound to the declared response.
 */
export function route<E extends AnyEndpoint>(endpoint: E, impl: RouteImpl<E>): AnyRouteSpec {
  return { ...endpoint, ...impl, endpoint };
}

export interface MountedRoute {
  prefix: string;
  spec: AnyRouteSpec;
}

function zodIssuesToFields(error: z.ZodError, root: string) {
  const pathOf = (path: PropertyKey[]) => [root, ...path.map(String)].filter((p) => p !== 'body').join('.') || root;
  // An unknown key is named on its own path, so the caller sees which field the endpoint does not take.
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: '不支持的字段' })) : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

function parsePart(schema: z.ZodType | undefined, value: unknown, root: 'body' | 'query' | 'params' | 'headers') {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? (root === 'body' ? undefined : {}));
  if (!result.success) {
    throw new AppError('validation_failed', undefined, { fields: zodIssuesToFields(result.error, root) });
  }
  return result.data;
}

/**
 * Keys no endpoint accepts, at any depth (and, in any string value, control characters: FORBIDDEN_TEXT_CHARS): MongoDB operators (`$ne`, `$where`…) and prototype-pollution keys. Schemas
 * already strip unknown keys, but a request carrying them is an attack or a bug, so it is refused and named rather than
 * silently cleaned. Query keys in bracket syntax (`status[$ne]=`) are refused for the same reason.
 */
const MAX_DEPTH = 16;

function forbiddenKeys(value: unknown, path: string, found: FieldError[], depth = 0): FieldError[] {
  if (depth > MAX_DEPTH) {
    found.push({ path: path || 'body', message: `嵌套层级不能超过 ${MAX_DEPTH} 层` });
    return found;
  }
  if (typeof value === 'string') {
    if (FORBIDDEN_TEXT_CHARS.test(value)) found.push({ path: path || 'body', message: '含有不允许的控制字符' });
    return found;
  }
  if (value === null || typeof value !== 'object') return found;
  for (const key of Object.keys(value)) {
    const here = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEY.test(key) || (path === 'query' && /[[\]$]/.test(key))) found.push({ path: here, message: '不允许的字段名' });
    else forbiddenKeys((value as Record<string, unknown>)[key], here, found, depth + 1);
  }
  return found;
}

function assertCleanInput(ctx: Context): void {
  const fields = forbiddenKeys((ctx.request as { body?: unknown }).body, '', forbiddenKeys(ctx.query, 'query', []));
  if (fields.length) throw new AppError('validation_failed', undefined, { fields });
}

function assertJsonBody(spec: AnyRouteSpec, ctx: Context): void {
  if (!spec.body || spec.multipart) return;
  const hasBody = Number(ctx.get('content-length') || 0) > 0 || ctx.get('transfer-encoding') !== '';
  if (hasBody && !ctx.is('json')) throw new AppError('unsupported_media_type', '请求体须为 JSON（Content-Type: application/json）');
}

function checkAccess(spec: AnyRouteSpec, ctx: RouteContext): void {
  if (spec.auth === 'public' || spec.auth === 'optional') return;
  const user = ctx.state.user;
  if (!user) throw new AppError('unauthenticated');
  if (spec.auth === 'authenticated') return;
  if (!spec.auth.includes(user.role)) throw new AppError('forbidden');
}

const STAFF_ROLES: readonly Role[] = ['engineer', 'outlet_manager', 'platform_admin'];

/**
 * Every successful write by staff is audit-logged here, once, for every endpoint (who, what, which record, when,
 * from where). Bodies are not logged: they may hold passwords or personal data. Endpoints also record their own,
 * more specific entries where the meaning matters (reveals, publishes, card revocations).
 */
async function auditStaffWrite(ctx: RouteContext, spec: AnyRouteSpec, prefix: string, deps: AppDeps): Promise<void> {
  const user = ctx.state.user;
  if (spec.method === 'get' || !user || !STAFF_ROLES.includes(user.role) || ctx.status >= 400) return;
  await recordAudit(deps.clock, {
    action: `api.${spec.method} ${prefix}${spec.path}`,
    actorId: user.id,
    actorRole: user.role,
    outletId: user.outletId,
    target: Object.keys(ctx.params ?? {}).length ? JSON.stringify(ctx.params) : null,
    ip: ctx.ip,
    requestId: ctx.state.requestId,
    data: { status: ctx.status },
  });
}

export function mountRoutes(router: Router, specs: AnyRouteSpec[], deps: AppDeps, registry: MountedRoute[]) {
  for (const spec of specs) {
    // The declaration says where it lives: below the API's base path, or at the site root.
    const at = spec.root ? '' : API_BASE_PATH;
    registry.push({ prefix: at, spec });
    router[spec.method](at + spec.path, async (ctx: Context) => {
      const rctx = ctx as RouteContext;
      if (spec.auth !== 'public') await authenticate(rctx, deps);
      checkAccess(spec, rctx);
      assertJsonBody(spec, ctx);
      assertCleanInput(ctx);
      const input = {
        params: parsePart(spec.params, ctx.params, 'params'),
        query: parsePart(spec.query, ctx.query, 'query'),
        body: parsePart(spec.body, (ctx.request as { body?: unknown }).body, 'body'),
        headers: parsePart(spec.headers, ctx.headers, 'headers'),
      };
      if (spec.rateLimit) await enforceRateLimits(spec.rateLimit(rctx, input), deps.clock);
      // The spec's status first, so a handler can still choose another (an idempotent replay answers 200, not 201).
      if (spec.status) ctx.status = spec.status;
      const { result, recorded } = await withRequestAudit(async () => spec.handler(rctx, input, deps));
      if (result !== undefined) ctx.body = result;
      else if (!spec.status && ctx.body === undefined) ctx.status = 204;
      if (!recorded) await auditStaffWrite(rctx, spec, at, deps);
    });
  }
}
