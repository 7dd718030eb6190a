import { z } from 'zod';
import {
  APPLIANCE_CATEGORIES,
  CatalogDiff,
  CatalogDraftItem,
  CatalogItemCodeParams,
  CatalogItemInput,
  CatalogItemListQuery,
  CatalogItemPatch,
  CatalogVersion,
  CatalogVersionParams,
  CategoryParams,
  CategoryPolicyAdminView,
  CategoryPolicyInput,
  PriceList,
  PriceListQuery,
  PublishCatalogBody,
  SERVICE_TYPES,
  pageOf,
} from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import * as catalog from './service';
import * as drafts from './drafts';
import { presentVersion } from './presenter';

const Named = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });

const ADMIN = ['platform_admin'] as const;

const actorOf = (ctx: RouteContext): drafts.CatalogActor => ({
  id: ctx.state.user!.id,
  role: ctx.state.user!.role,
  name: ctx.state.user!.name,
  ip: clientIp(ctx),
  requestId: ctx.state.requestId,
});

/** Public reads of the published catalogue. */
function publicRoutes(): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/catalog/categories',
      summary: 'Appliance categories and service types (public)',
      tags: ['catalog'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      response: z.object({ categories: z.array(Named), serviceTypes: z.array(Named) }),
      handler: () => ({ categories: APPLIANCE_CATEGORIES.map((c) => ({ ...c })), serviceTypes: SERVICE_TYPES.map((s) => ({ ...s })) }),
    }),
    defineRoute({
      method: 'get',
      path: '/catalog/price-list',
      summary: 'The standard price list of the current published version (public)',
      description: 'Active items grouped by kind (labour, parts, extra fees) with prices in fen and warranty days; with `category`, that category’s policy. `q` searches names and codes, case-insensitive.',
      tags: ['catalog'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      query: PriceListQuery,
      response: PriceList,
      errors: ['not_found'],
      handler: (_ctx, { query }) => catalog.priceList(query),
    }),
    // Registered before `/:version`, so `current` is never read as a version number.
    defineRoute({
      method: 'get',
      path: '/catalog/versions/current',
      summary: 'The latest published catalogue version (public)',
      tags: ['catalog'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      response: CatalogVersion,
      errors: ['not_found'],
      handler: async () => presentVersion(await catalog.getPublishedCatalog()),
    }),
    defineRoute({
      method: 'get',
      path: '/catalog/versions/:version',
      summary: 'One published catalogue version (public; versions never change)',
      tags: ['catalog'],
      auth: 'public',
      access: { record: 'catalogVersion', anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      params: CatalogVersionParams,
      response: CatalogVersion,
      errors: ['not_found'],
      handler: async (_ctx, { params }) => presentVersion(await catalog.getPublishedCatalog(params.version)),
    }),
  ];
}

/** The platform admin's catalogue editor: drafts, policies, diff, publish. Every write is audit-logged. */
function adminRoutes(): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/catalog/items',
      summary: 'Draft catalogue items, filtered and paginated',
      description: '`q` searches codes and names, case-insensitive; `active=false` lists deactivated items.',
      tags: ['catalog-admin'],
      auth: ADMIN,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      query: CatalogItemListQuery,
      response: pageOf(CatalogDraftItem),
      handler: (_ctx, { query }) => drafts.listDraftItems(query),
    }),
    defineRoute({
      method: 'post',
      path: '/admin/catalog/items',
      summary: 'Add a draft item (published with the next version)',
      description: 'Idempotent: repeating the same item answers it again; a different item under an existing code is 409.',
      tags: ['catalog-admin'],
      auth: ADMIN,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      body: CatalogItemInput,
      status: 201,
      response: CatalogDraftItem,
      errors: ['conflict'],
      handler: (ctx, { body }, deps) => drafts.createDraftItem(deps.clock, actorOf(ctx), body),
    }),
    defineRoute({
      method: 'patch',
      path: '/admin/catalog/items/:code',
      summary: 'Change a draft item (the code stays)',
      tags: ['catalog-admin'],
      auth: ADMIN,
      access: { record: 'catalogItem', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: CatalogItemCodeParams,
      body: CatalogItemPatch,
      response: CatalogDraftItem,
      errors: ['not_found'],
      handler: (ctx, { params, body }, deps) => drafts.updateDraftItem(deps.clock, actorOf(ctx), params.code, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/admin/catalog/items/:code',
      summary: 'Deactivate a draft item (left out of the next version; published versions keep it)',
      tags: ['catalog-admin'],
      auth: ADMIN,
      access: { record: 'catalogItem', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: CatalogItemCodeParams,
      response: CatalogDraftItem,
      errors: ['not_found'],
      handler: (ctx, { params }, deps) => drafts.deactivateDraftItem(deps.clock, actorOf(ctx), params.code),
    }),
    defineRoute({
      method: 'get',
      path: '/admin/catalog/policies',
      summary: 'Draft category policies (manufacturer warranty, required certificates) for every category',
      tags: ['catalog-admin'],
      auth: ADMIN,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      response: z.object({ items: z.array(CategoryPolicyAdminView) }),
      handler: async () => ({ items: await drafts.listDraftPolicies() }),
    }),
    defineRoute({
      method: 'put',
      path: '/admin/catalog/policies/:category',
      summary: 'Set a category’s draft policy',
      tags: ['catalog-admin'],
      auth: ADMIN,
      access: { record: 'policy', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: CategoryParams,
      body: CategoryPolicyInput,
      response: CategoryPolicyAdminView,
      handler: (ctx, { params, body }, deps) => drafts.putDraftPolicy(deps.clock, actorOf(ctx), params.category, body),
    }),
    defineRoute({
      method: 'get',
      path: '/admin/catalog/diff',
      summary: 'What publishing would change: draft vs the latest published version, field by field',
      tags: ['catalog-admin'],
      auth: ADMIN,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      response: CatalogDiff,
      handler: () => drafts.diffDraft(),
    }),
    defineRoute({
      method: 'post',
      path: '/admin/catalog/publish',
      summary: 'Publish the draft as a new immutable version',
      description: '`expectedVersion` is the version the admin reviewed; if another version was published since, or a concurrent publish wins, the answer is 409 `catalog_version_conflict`.',
      tags: ['catalog-admin'],
      auth: ADMIN,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      body: PublishCatalogBody,
      status: 201,
      response: CatalogVersion,
      errors: ['catalog_version_conflict'],
      handler: async (ctx, { body }, deps) => presentVersion(await drafts.publishCatalog(deps.clock, actorOf(ctx), body.expectedVersion)),
    }),
  ];
}

export function catalogRoutes(): AnyRouteSpec[] {
  return [...publicRoutes(), ...adminRoutes()];
}
