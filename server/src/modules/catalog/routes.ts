import { APPLIANCE_CATEGORIES, SERVICE_TYPES, api } from '@fangxin/shared';
import { route, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import * as catalog from './service';
import * as drafts from './drafts';
import { presentVersion } from './presenter';

const actorOf = (ctx: RouteContext): drafts.CatalogActor => ({
  id: ctx.state.user!.id,
  role: ctx.state.user!.role,
  name: ctx.state.user!.name,
  ip: clientIp(ctx),
  requestId: ctx.state.requestId,
});

const PUBLIC = { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' } as const;
const ADMIN_ONLY = { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' } as const;

/** Public reads of the published catalogue. */
function publicRoutes(): AnyRouteSpec[] {
  return [
    route(api.catalog.categories, {
      access: { ...PUBLIC },
      handler: () => ({ categories: APPLIANCE_CATEGORIES.map((c) => ({ ...c })), serviceTypes: SERVICE_TYPES.map((s) => ({ ...s })) }),
    }),
    route(api.catalog.priceList, {
      access: { ...PUBLIC },
      handler: (_ctx, { query }) => catalog.priceList(query),
    }),
    // Registered before `/:version`, so `current` is never read as a version number.
    route(api.catalog.currentVersion, {
      access: { ...PUBLIC },
      handler: async () => presentVersion(await catalog.getPublishedCatalog()),
    }),
    route(api.catalog.version, {
      access: { record: 'catalogVersion', ...PUBLIC },
      handler: async (_ctx, { params }) => presentVersion(await catalog.getPublishedCatalog(params.version)),
    }),
  ];
}

/** The platform admin's catalogue editor: drafts, policies, diff, publish. Every write is audit-logged. */
function adminRoutes(): AnyRouteSpec[] {
  return [
    route(api.catalog.listDraftItems, {
      access: { ...ADMIN_ONLY },
      handler: (_ctx, { query }) => drafts.listDraftItems(query),
    }),
    route(api.catalog.createDraftItem, {
      access: { ...ADMIN_ONLY },
      handler: (ctx, { body }, deps) => drafts.createDraftItem(deps.clock, actorOf(ctx), body),
    }),
    route(api.catalog.updateDraftItem, {
      access: { record: 'catalogItem', ...ADMIN_ONLY },
      handler: (ctx, { params, body }, deps) => drafts.updateDraftItem(deps.clock, actorOf(ctx), params.code, body),
    }),
    route(api.catalog.deactivateDraftItem, {
      access: { record: 'catalogItem', ...ADMIN_ONLY },
      handler: (ctx, { params }, deps) => drafts.deactivateDraftItem(deps.clock, actorOf(ctx), params.code),
    }),
    route(api.catalog.listDraftPolicies, {
      access: { ...ADMIN_ONLY },
      handler: async () => ({ items: await drafts.listDraftPolicies() }),
    }),
    route(api.catalog.putDraftPolicy, {
      access: { record: 'policy', ...ADMIN_ONLY },
      handler: (ctx, { params, body }, deps) => drafts.putDraftPolicy(deps.clock, actorOf(ctx), params.category, body),
    }),
    route(api.catalog.diff, {
      access: { ...ADMIN_ONLY },
      handler: () => drafts.diffDraft(),
    }),
    route(api.catalog.publish, {
      access: { ...ADMIN_ONLY },
      handler: async (ctx, { body }, deps) => presentVersion(await drafts.publishCatalog(deps.clock, actorOf(ctx), body.expectedVersion)),
    }),
  ];
}

export function catalogRoutes(): AnyRouteSpec[] {
  return [...publicRoutes(), ...adminRoutes()];
}
