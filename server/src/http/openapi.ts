import { z } from 'zod';
import { ERRORS, ErrorResponse, FORBIDDEN_KEY, FORBIDDEN_TEXT_CHARS, type ErrorId } from '@fangxin/shared';
import type { MultipartField } from '@fangxin/shared';
import type { MountedRoute } from './route';

type JsonSchema = Record<string, unknown>;

/** Keys refused at any depth of a body (and as query keys), as a JSON Schema `propertyNames`. */
const FORBIDDEN_KEY_NAMES = { not: { pattern: FORBIDDEN_KEY.source } };

/**
 * The characters refused in every string of a body or query (route.ts: forbiddenKeys), as the JSON Schema pattern a
 * request string must not match. The regex's own source: `\uXXXX` escapes in a character class, read alike by
 * ECMA-262 and Python's `re` (Schemathesis).
 */
const FORBIDDEN_TEXT_PATTERN = FORBIDDEN_TEXT_CHARS.source;

/** What every response of a status means beyond its error ids. */
const STATUS_NOTES: Record<number, string> = {
  400: 'also for a query key in bracket syntax or starting with `$`, a body key starting with `$` or named `__proto__`/`constructor`/`prototype` at any depth, nesting deeper than 16 levels, or a control character in text (see the API description)',
  405: 'the path does not serve this method; `Allow` lists the methods it serves (methods the server implements nowhere answer 501 `not_implemented`)',
  503: 'the database cannot be reached; retry after `Retry-After` seconds',
};

const RESPONSE_HEADERS: Record<number, Record<string, unknown>> = {
  405: { Allow: { description: 'The methods this path serves, e.g. `GET, HEAD, OPTIONS`', required: true, schema: { type: 'string' } } },
  429: { 'Retry-After': { description: 'Seconds until the limit resets', schema: { type: 'integer' } } },
  503: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
};

/** The rules the server enforces on every route (route.ts: mountRoutes, assertJsonBody, assertCleanInput; app.ts). */
const API_DESCRIPTION = [
  'Home-appliance after-sales service platform. Money is integer fen; times are ISO 8601 UTC. Errors are `{ error: { id, message, requestId, fields? } }` with stable ids; `fields` names each offending field.',
  '',
  'Rules every endpoint enforces, answered with the statuses each operation documents:',
  '- **Validation**: path, query and body are checked against the schemas here; a refusal is 400 `validation_failed` naming each field. Rules a schema cannot express (a range’s end after its start, a manager’s outlet) are stated in the operation’s description and answered the same way.',
  '- **Empty updates**: a PATCH body with no field (`{}`) is refused with 400 (its schema says `minProperties: 1`).',
  '- **Keys**: a key starting with `$`, or named `__proto__`, `constructor` or `prototype`, is refused with 400 at any depth of a body (each body object says so in `propertyNames`), as is a query key starting with `$` or in bracket syntax (`status[$ne]=`); bodies nest at most 16 levels.',
  '- **Unknown keys**: where a body schema says `additionalProperties: false`, an unknown key is refused with 400 naming it; elsewhere unknown keys are dropped before the endpoint sees the body.',
  '- **Control characters**: text (every string in a body or query) may not contain C0 control characters other than tab, line feed and carriage return, DEL, or the bidirectional overrides U+202A–U+202E and U+2066–U+2069 (each such string says so in `not: { pattern }`): 400 naming the field.',
  '- **Bodies**: JSON only (`Content-Type: application/json`, UTF-8), else 415 `unsupported_media_type`; unparsable JSON is 400 `malformed_json`; a body over the size limit (256 KiB by default) is 413 `payload_too_large`. Uploads are `multipart/form-data`.',
  '- **Auth**: a Bearer access token; missing, invalid or expired is 401, a disabled account 403 `account_disabled`, a role the operation does not list 403 `forbidden`. A record of someone else answers 404, as if it did not exist.',
  '- **Rate limits**: operations that document 429 count requests per client address and subject; `Retry-After` says when to retry.',
  '- **Methods**: a method a path does not serve is 405 with `Allow`; OPTIONS answers 204 with `Allow`; methods the server implements nowhere (PROPFIND…) are 501 `not_implemented`.',
  '- **Availability**: any operation answers 503 `service_unavailable` with `Retry-After` while the database cannot be reached.',
].join('\n');

/**
 * Builds the OpenAPI 3.1 document from the mounted route specs and their shared zod schemas. Schemas with a
 * `.meta({ id })` become named components; everything else is inlined.
 */
export function buildOpenApi(routes: MountedRoute[], info: { version: string }) {
  const components: Record<string, JsonSchema> = {};

  function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io, reused: 'inline' }) as JsonSchema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    delete json.$schema;
    const rename = (name: string) => (io === 'input' && components[name] && JSON.stringify(components[name]) !== JSON.stringify(defs[name]) ? `${name}Input` : name);
    const names: Record<string, string> = {};
    for (const name of Object.keys(defs)) names[name] = rename(name);
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (node && typeof node === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(node)) {
          out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? `#/components/schemas/${names[v.slice(8)]}` : rewrite(v);
        }
        return out;
      }
      return node;
    };
    for (const [name, def] of Object.entries(defs)) components[names[name]!] = rewrite(def) as JsonSchema;
    const root = rewrite(json) as JsonSchema;
    // A root schema with an id is itself a component: refer to it.
    const id = typeof root.id === 'string' ? root.id : undefined;
    if (id) {
      delete root.id;
      const name = io === 'input' && components[id] && JSON.stringify(components[id]) !== JSON.stringify(root) ? `${id}Input` : id;
      components[name] = root;
      return { $ref: `#/components/schemas/${name}` };
    }
    return root;
  }

  const errorRef = toSchema(ErrorResponse, 'output');
  const errorResponse = (status: number, ids: ErrorId[]) => ({
    description: [...ids.map((id) => `\`${id}\` ${ERRORS[id].message}`), ...(STATUS_NOTES[status] ? [STATUS_NOTES[status]] : [])].join('; '),
    content: { 'application/json': { schema: errorRef } },
    ...(RESPONSE_HEADERS[status] ? { headers: RESPONSE_HEADERS[status] } : {}),
  });

  /**
   * Visits every schema node under `node` once, following `$ref`s into the components (which responses share, and
   * whose nodes never carry forbidden keys or text either), but not into the subschemas named in `skip`.
   */
  const visitSchemas = (node: unknown, visit: (schema: JsonSchema) => void, skip: string[], seen = new Set<unknown>()): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach((n) => visitSchemas(n, visit, skip, seen));
    const schema = node as JsonSchema;
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/components/schemas/')) visitSchemas(components[schema.$ref.slice(21)], visit, skip, seen);
    visit(schema);
    for (const [key, value] of Object.entries(schema)) if (!skip.includes(key)) visitSchemas(value, visit, skip, seen);
  };
  /** The keys rule of assertCleanInput on every object: no key starting with `$`, no prototype keys, at any depth. */
  const keysSeen = new Set<unknown>();
  const forbidKeys = (root: unknown) =>
    visitSchemas(
      root,
      (schema) => {
        if (schema.type === 'object' || schema.properties || schema.additionalProperties) {
          schema.propertyNames = schema.propertyNames ? { allOf: [schema.propertyNames, FORBIDDEN_KEY_NAMES] } : FORBIDDEN_KEY_NAMES;
        }
      },
      ['propertyNames'],
      keysSeen,
    );
  /**
   * The text rule of assertCleanInput on every string of every request body and query parameter:
   * `not: { pattern }` of the forbidden characters. Not on path parameters (the server does not check them: an id's
   * own pattern already excludes these characters, and `/v/{token}` renders any token) nor on keys.
   */
  const textSeen = new Set<unknown>();
  const forbidText = (root: unknown) =>
    visitSchemas(
      root,
      (schema) => {
        const types = Array.isArray(schema.type) ? (schema.type as unknown[]) : [schema.type];
        if (!types.includes('string')) return;
        const rule = { pattern: FORBIDDEN_TEXT_PATTERN };
        if (schema.not) schema.allOf = [...((schema.allOf as unknown[] | undefined) ?? []), { not: rule }];
        else schema.not = rule;
      },
      ['propertyNames', 'not'],
      textSeen,
    );
  /** A body schema that refuses `{}` though it requires no field (an empty PATCH): `minProperties: 1` says so. */
  const refusesEmpty = (schema: z.ZodType, json: JsonSchema) => {
    const target = typeof json.$ref === 'string' ? components[json.$ref.slice(21)] : json;
    if (target && target.type === 'object' && !(target.required as string[] | undefined)?.length && !schema.safeParse({}).success) target.minProperties = 1;
  };

  // Body rules are stated once every component exists (a later toSchema call rebuilds the components it names).
  const bodies: Array<{ schema: z.ZodType; json: JsonSchema }> = [];
  const queryParameters: JsonSchema[] = [];
  const bodySchema = (schema: z.ZodType) => {
    const json = toSchema(schema, 'input');
    bodies.push({ schema, json });
    return json;
  };

  /** A multipart body: each field's own schema (a field without one is the file, binary), the required ones named. */
  const multipartSchema = (fields: Record<string, MultipartField>): JsonSchema => {
    const required = Object.keys(fields).filter((name) => fields[name]!.required);
    return {
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(fields).map(([name, field]) => [
          name,
          field.schema ? { ...toSchema(field.schema, 'input'), description: field.description } : { type: 'string', format: 'binary', description: field.description },
        ]),
      ),
      ...(required.length ? { required } : {}),
    };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const { prefix, spec } of routes) {
    const path = (prefix + spec.path).replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
      ['header', spec.headers],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema as z.ZodType, 'input');
      const props = (json.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((json.required ?? []) as string[]);
      for (const [name, propSchema] of Object.entries(props)) {
        parameters.push({ name, in: where, required: where === 'path' || required.has(name), schema: propSchema });
        if (where === 'query') queryParameters.push(propSchema);
      }
    }

    const responses: Record<string, unknown> = {};
    const status = String(spec.status ?? 200);
    if (spec.produces) {
      responses[status] = { description: 'OK', content: { [spec.produces]: { schema: { type: 'string' } } } };
    } else if (spec.response === null || spec.response === undefined) {
      responses[status] = { description: 'No content' };
    } else {
      responses[status] = { description: 'OK', content: { 'application/json': { schema: toSchema(spec.response, 'output') } } };
    }
    // Every status the route can answer, from what mountRoutes and the app's middleware enforce on every route, then
    // the route's own `errors`.
    const byStatus = new Map<number, ErrorId[]>();
    const add = (id: ErrorId) => {
      if (!byStatus.get(ERRORS[id].status)?.includes(id)) byStatus.set(ERRORS[id].status, [...(byStatus.get(ERRORS[id].status) ?? []), id]);
    };
    // assertCleanInput checks every request's query keys (and body keys and text), whatever the route takes.
    add('validation_failed');
    const jsonBody = Boolean(spec.body && !spec.multipart);
    if (jsonBody) {
      add('malformed_json');
      add('payload_too_large');
      add('unsupported_media_type');
    }
    // `optional` routes refuse a token that is sent but invalid or expired, or whose account is disabled.
    if (spec.auth !== 'public') {
      add('unauthenticated');
      add('token_expired');
      add('account_disabled');
    }
    if (Array.isArray(spec.auth)) add('forbidden');
    // A path that names a record answers 404 for one that does not exist (or is not the caller's).
    if (spec.params) add('not_found');
    for (const id of spec.errors ?? []) add(id);
    if (spec.rateLimit) add('too_many_requests');
    add('method_not_allowed');
    add('service_unavailable');
    const ownBody = spec.responseAlsoOn ?? [];
    for (const [code, ids] of [...byStatus.entries()].sort((a, b) => a[0] - b[0])) {
      const response = errorResponse(code, ids);
      responses[String(code)] =
        ownBody.includes(code) && spec.response
          ? { ...response, content: { 'application/json': { schema: { anyOf: [toSchema(spec.response, 'output'), errorRef] } } } }
          : response;
    }

    const roles = spec.auth === 'public' ? 'Public.' : spec.auth === 'optional' ? 'Public; a Bearer token, when sent, identifies the caller.' : spec.auth === 'authenticated' ? 'Any signed-in user.' : `Roles: ${spec.auth.join(', ')}.`;
    (paths[path] ??= {})[spec.method] = {
      summary: spec.summary,
      description: [roles, spec.description].filter(Boolean).join(' '),
      tags: spec.tags,
      // Who may call it, machine-readable (`public`, `optional`, `authenticated` or the roles): scripts/fuzz-api.mjs picks
      // each caller's operations by it.
      'x-fangxin-auth': spec.auth,
      operationId: `${spec.method}${path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(parameters.length ? { parameters } : {}),
      ...(spec.multipart
        ? {
            requestBody: {
              required: true,
              content: {
                'multipart/form-data': { schema: multipartSchema(spec.multipart) },
              },
            },
          }
        : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: bodySchema(spec.body as z.ZodType) } } } } : {}),
      responses,
      ...(spec.auth === 'public' ? { security: [] } : spec.auth === 'optional' ? { security: [{}, { bearerAuth: [] }] } : {}),
    };
  }

  for (const { schema, json } of bodies) {
    refusesEmpty(schema, json);
    forbidKeys(json);
    forbidText(json);
  }
  queryParameters.forEach(forbidText);

  return {
    openapi: '3.1.0',
    info: {
      title: '放心服务 Fangxin Service API',
      version: info.version,
      description: API_DESCRIPTION,
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: components,
    },
  };
}

/** The interactive viewer (Swagger UI, served from the swagger-ui-dist package: no CDN needed). */
export const DOCS_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>放心服务 API 文档</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;

export const DOCS_INIT_JS = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });`;
