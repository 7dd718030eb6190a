import { api, regionTree } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import { staffActor } from '../users/actor';
import * as network from './service';
import * as engineers from './engineers';

/** The service network: outlets and their coverage, engineers with their skills, certificates and status. */
export function networkRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [...outletRoutes(deps), ...engineerRoutes(deps)];
}

function outletRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.network.regions, {
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      handler: () => ({ items: regionTree() }),
    }),
    route(api.network.listOutlets, {
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 'any', admin: 'any' },
      handler: async (ctx) => ({ items: await network.listOutlets(ctx.state.user!) }),
    }),
    route(api.network.getOutlet, {
      access: { record: 'outlet', anonymous: 401, customer: 403, engineer: 'outlet', manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => network.getOutlet(ctx.state.user!, params.id),
    }),
    route(api.network.createOutlet, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      handler: (ctx, { body }) => network.createOutlet(deps.clock, staffActor(ctx), body),
    }),
    route(api.network.updateOutlet, {
      access: { record: 'outlet', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      handler: (ctx, { params, body }) => network.updateOutlet(deps.clock, staffActor(ctx), params.id, body),
    }),
    route(api.network.setCoverage, {
      access: { record: 'outlet', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      handler: (ctx, { params, body }) => network.setCoverage(deps.clock, staffActor(ctx), params.id, body.districtCodes),
    }),
  ];
}

function engineerRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.network.listEngineers, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      handler: (ctx, { query }) => network.listEngineers(deps.clock, ctx.state.user!, query),
    }),
    route(api.network.createEngineer, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      handler: (ctx, { body }) => engineers.createEngineer(deps.clock, staffActor(ctx), body),
    }),
    route(api.network.getEngineer, {
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => network.getEngineer(deps.clock, ctx.state.user!, params.id),
    }),
    route(api.network.updateEngineer, {
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params, body }) => engineers.updateEngineer(deps.clock, staffActor(ctx), params.id, body),
    }),
    route(api.network.replaceSkills, {
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params, body }) => engineers.replaceSkills(deps.clock, staffActor(ctx), params.id, body.skills),
    }),
    route(api.network.replaceCertificates, {
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params, body }) => engineers.replaceCertificates(deps.clock, staffActor(ctx), params.id, body.certificates),
    }),
    route(api.network.suspendEngineer, {
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params, body }) => engineers.suspendEngineer(deps.clock, staffActor(ctx), params.id, body.reason),
    }),
    route(api.network.reactivateEngineer, {
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => engineers.reactivateEngineer(deps.clock, staffActor(ctx), params.id),
    }),
    route(api.network.engineerContact, {
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => network.revealEngineerContact(deps.clock, staffActor(ctx), params.id),
    }),
  ];
}
