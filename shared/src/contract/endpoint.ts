import type { z } from 'zod';
import type { ErrorId } from '../errors';
import type { Role } from '../roles';

/**
 * The API contract: every endpoint is declared once, here in shared, with its method, path, who may call it, what it
 * takes and what it answers. The server mounts, validates and documents (OpenAPI) from these declarations and binds
 * each handler's return type to `response`; both apps call through `call(endpoint, input)`, whose input and output
 * types come from the same declaration; the server's tests check every answer they receive against it.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** `public`, `optional` (public, but a valid Bearer token identifies the caller), `authenticated`, or the roles allowed. */
export type EndpointAuth = 'public' | 'optional' | 'authenticated' | readonly Role[];

/** The API's mount point; an endpoint's `path` is below it unless the endpoint says `root` (health, the card page). */
export const API_BASE_PATH = '/api/v1';

/** One field of a multipart/form-data body, for the docs (the handler validates it). */
export interface MultipartField {
  description: string;
  /** The value a text field takes; absent for the file part (binary). */
  schema?: z.ZodType;
  /** Whether a request without the field is refused. */
  required?: boolean;
}

type Part = z.ZodType | undefined;

export interface Endpoint<P extends Part = Part, Q extends Part = Part, B extends Part = Part, H extends Part = Part, R extends z.ZodType | null = z.ZodType | null> {
  method: HttpMethod;
  /** koa-router syntax (`/orders/:id`), below API_BASE_PATH unless `root`. */
  path: string;
  /** Mounted at the site root instead of below API_BASE_PATH (health checks, the public card page). */
  root?: boolean;
  summary: string;
  description?: string;
  tags: readonly string[];
  auth: EndpointAuth;
  params?: P;
  query?: Q;
  body?: B;
  /** Request headers the endpoint reads (`Idempotency-Key`), lower-case names. */
  headers?: H;
  /** The success status (200 when absent). */
  status?: number;
  /** The success body; null when there is none (204) or it is not JSON (`produces`). */
  response: R;
  /** A non-JSON success body (CSV, HTML, metrics text), documented by content type. */
  produces?: string;
  /** A multipart/form-data body (uploads), documented field by field. */
  multipart?: Record<string, MultipartField>;
  /** Error ids this endpoint may answer besides validation and auth. Every error body is `ErrorResponse`. */
  errors?: readonly ErrorId[];
  /** Statuses other than `status` whose body is still `response` (readiness answers 503 with its report). */
  responseAlsoOn?: readonly number[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEndpoint = Endpoint<any, any, any, any, any>;

/** Typed identity: keeps each declaration's schema types for the server and the clients. */
export function endpoint<P extends Part = undefined, Q extends Part = undefined, B extends Part = undefined, H extends Part = undefined, R extends z.ZodType | null = null>(
  e: Endpoint<P, Q, B, H, R>,
): Endpoint<P, Q, B, H, R> {
  return e;
}

type InOf<T> = T extends z.ZodType ? z.input<T> : never;
type OutOf<T> = T extends z.ZodType ? z.output<T> : undefined;
/** Nothing: a value of it fits a type exactly when every key of that type is optional. */
type Nothing = Record<string, never>;
type Slot<K extends string, T> = [T] extends [undefined] ? unknown : Nothing extends InOf<T> ? { [k in K]?: InOf<T> } : { [k in K]: InOf<T> };

/** What a caller passes to `call(endpoint, input)`: the parts the endpoint declares, typed from their schemas. */
export type CallInput<E> = E extends Endpoint<infer P, infer Q, infer B, infer H, z.ZodType | null> ? Slot<'params', P> & Slot<'query', Q> & Slot<'body', B> & Slot<'headers', H> : never;

/** What a successful call resolves to: the response schema's output (undefined for no body). */
export type ResponseOf<E> = E extends { response: infer R } ? (R extends z.ZodType ? z.output<R> : undefined) : never;

/** What a handler must return for the endpoint: anything its response schema accepts. */
export type HandlerResult<E> = E extends { response: infer R } ? (R extends z.ZodType ? z.input<R> : void | undefined) : never;

/** The parsed parts a server handler receives. */
export interface EndpointInput<E> {
  params: E extends Endpoint<infer P, Part, Part, Part, z.ZodType | null> ? OutOf<P> : never;
  query: E extends Endpoint<Part, infer Q, Part, Part, z.ZodType | null> ? OutOf<Q> : never;
  body: E extends Endpoint<Part, Part, infer B, Part, z.ZodType | null> ? OutOf<B> : never;
  headers: E extends Endpoint<Part, Part, Part, infer H, z.ZodType | null> ? OutOf<H> : never;
}

/** The endpoint's path with its parameters filled in (each encoded), still below API_BASE_PATH unless `root`. */
export function fillPath(e: Pick<AnyEndpoint, 'path'>, params: Record<string, unknown> | undefined): string {
  return e.path.replace(/:(\w+)/g, (_m, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') throw new Error(`${e.path}: path parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
}

/** One HTTP request as a client transport sends it. */
export interface PlannedRequest {
  method: Uppercase<HttpMethod>;
  /** Below API_BASE_PATH, or from the site root when `root`. */
  path: string;
  root: boolean;
  query?: Record<string, string | number | boolean | null | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether the caller's token goes with it. */
  authenticated: boolean;
}

/** Turns a call into the request to send: the one place the apps turn a declaration into method, URL and body. */
export function planRequest<E extends AnyEndpoint>(e: E, input: CallInput<E>): PlannedRequest {
  const parts = (input ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown; headers?: Record<string, string> };
  return {
    method: e.method.toUpperCase() as Uppercase<HttpMethod>,
    path: fillPath(e, parts.params),
    root: e.root === true,
    ...(parts.query ? { query: parts.query as PlannedRequest['query'] } : {}),
    ...(parts.body !== undefined ? { body: parts.body } : {}),
    ...(parts.headers ? { headers: parts.headers } : {}),
    authenticated: e.auth !== 'public',
  };
}

/** The arguments of `call(endpoint, ...args)`: the input may be left out when the endpoint needs none. */
export type CallArgs<E> = Nothing extends CallInput<E> ? [input?: CallInput<E>] : [input: CallInput<E>];
