import { z } from 'zod';
import { ERRORS, ErrorResponse, type ErrorId } from '@fangxin/shared';
import type { MountedRoute } from './route';

type JsonSchema = Record<string, unknown>;

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
  const errorResponse = (ids: ErrorId[]) => ({
    description: ids.map((id) => `\`${id}\` ${ERRORS[id].message}`).join('; '),
    content: { 'application/json': { schema: errorRef } },
  });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const { prefix, spec } of routes) {
    const path = (prefix + spec.path).replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', spec.params],
      ['query', spec.query],
    ] as const) {
      if (!schema) continue;
      const json = toSchema(schema as z.ZodType, 'input');
      const props = (json.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((json.required ?? []) as string[]);
      for (const [name, propSchema] of Object.entries(props)) {
        parameters.push({ name, in: where, required: where === 'path' || required.has(name), schema: propSchema });
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
    const byStatus = new Map<number, ErrorId[]>();
    const add = (id: ErrorId) => byStatus.set(ERRORS[id].status, [...(byStatus.get(ERRORS[id].status) ?? []), id]);
    if (spec.body || spec.query || spec.params) add('validation_failed');
    if (spec.body) add('malformed_json');
    if (spec.auth !== 'public' && spec.auth !== 'optional') add('unauthenticated');
    if (Array.isArray(spec.auth)) add('forbidden');
    for (const id of spec.errors ?? []) if (!byStatus.get(ERRORS[id].status)?.includes(id)) add(id);
    for (const [code, ids] of [...byStatus.entries()].sort((a, b) => a[0] - b[0])) responses[String(code)] = errorResponse(ids);

    const roles = spec.auth === 'public' ? 'Public.' : spec.auth === 'optional' ? 'Public; a Bearer token, when sent, identifies the caller.' : spec.auth === 'authenticated' ? 'Any signed-in user.' : `Roles: ${spec.auth.join(', ')}.`;
    (paths[path] ??= {})[spec.method] = {
      summary: spec.summary,
      description: [roles, spec.description].filter(Boolean).join(' '),
      tags: spec.tags,
      operationId: `${spec.method}${path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(parameters.length ? { parameters } : {}),
      ...(spec.multipart
        ? {
            requestBody: {
              required: true,
              content: {
                'multipart/form-data': {
                  schema: {
                    type: 'object',
                    properties: Object.fromEntries(Object.entries(spec.multipart).map(([k, d]) => [k, k === 'file' ? { type: 'string', format: 'binary', description: d } : { type: 'string', description: d }])),
                  },
                },
              },
            },
          }
        : {}),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(spec.body, 'input') } } } } : {}),
      responses,
      ...(spec.auth === 'public' ? { security: [] } : spec.auth === 'optional' ? { security: [{}, { bearerAuth: [] }] } : {}),
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: '放心服务 Fangxin Service API',
      version: info.version,
      description:
        'Home-appliance after-sales service platform. Money is integer fen; times are ISO 8601 UTC. Errors are `{ error: { id, message, requestId, fields? } }` with stable ids.',
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
