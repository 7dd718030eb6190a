import { z } from 'zod';
import {
  CreateEngineerBody,
  CreateOutletBody,
  EngineerCertificatesBody,
  EngineerContactView,
  EngineerListQuery,
  EngineerSkillsBody,
  EngineerView,
  IdParams,
  NETWORK_LIMITS,
  OutletCoverageBody,
  OutletCoverageResult,
  OutletView,
  RegionNodeView,
  SuspendEngineerBody,
  UpdateEngineerBody,
  UpdateOutletBody,
  pageOf,
  regionTree,
} from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../app';
import { staffActor } from '../users/actor';
import * as network from './service';
import * as engineers from './engineers';

const STAFF_MANAGERS = ['outlet_manager', 'platform_admin'] as const;
const ADMIN = ['platform_admin'] as const;

/** The service network: outlets and their coverage, engineers with their skills, certificates and status. */
export function networkRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [...outletRoutes(deps), ...engineerRoutes(deps)];
}

function outletRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/regions',
      summary: 'Provinces → cities → districts, for a district picker',
      description: 'Public and static: the GB/T 2260 table bundled in @fangxin/shared. Codes not listed are still valid district codes.',
      tags: ['network'],
      auth: 'public',
      response: z.object({ items: z.array(RegionNodeView) }),
      handler: () => ({ items: regionTree() }),
    }),
    defineRoute({
      method: 'get',
      path: '/outlets',
      summary: 'Outlets visible to the caller',
      description: 'Platform admins see every outlet; managers and engineers see their own.',
      tags: ['network'],
      auth: ['engineer', 'outlet_manager', 'platform_admin'],
      response: z.object({ items: z.array(OutletView) }),
      handler: async (ctx) => ({ items: await network.listOutlets(ctx.state.user!) }),
    }),
    defineRoute({
      method: 'get',
      path: '/outlets/:id',
      summary: 'One outlet (404 outside the caller’s scope)',
      tags: ['network'],
      auth: ['engineer', 'outlet_manager', 'platform_admin'],
      params: IdParams,
      response: OutletView,
      errors: ['not_found'],
      handler: (ctx, { params }) => network.getOutlet(ctx.state.user!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/outlets',
      summary: 'Open an outlet',
      description: 'The code is unique (409 `conflict`) and fixed: work-card serials carry it. Audit-logged.',
      tags: ['network'],
      auth: ADMIN,
      body: CreateOutletBody,
      status: 201,
      response: OutletView,
      errors: ['conflict'],
      handler: (ctx, { body }) => network.createOutlet(deps.clock, staffActor(ctx), body),
    }),
    defineRoute({
      method: 'patch',
      path: '/outlets/:id',
      summary: 'Change an outlet’s name, city, address, phone or slot capacity',
      description: `\`slotCapacity\` (0–${NETWORK_LIMITS.slotCapacityMax}) is the bookings each window takes on a day unless that day says otherwise. Audit-logged.`,
      tags: ['network'],
      auth: ADMIN,
      params: IdParams,
      body: UpdateOutletBody,
      response: OutletView,
      errors: ['not_found'],
      handler: (ctx, { params, body }) => network.updateOutlet(deps.clock, staffActor(ctx), params.id, body),
    }),
    defineRoute({
      method: 'put',
      path: '/outlets/:id/coverage',
      summary: 'Replace the districts an outlet covers',
      description:
        `${NETWORK_LIMITS.coverageMin}–${NETWORK_LIMITS.coverageMax} distinct 6-digit district codes. A district may be covered by several outlets. ` +
        '`warnings` lists districts that no outlet covers any more after the change (new bookings there fail with 422 `outside_coverage`). Audit-logged.',
      tags: ['network'],
      auth: ADMIN,
      params: IdParams,
      body: OutletCoverageBody,
      response: OutletCoverageResult,
      errors: ['not_found'],
      handler: (ctx, { params, body }) => network.setCoverage(deps.clock, staffActor(ctx), params.id, body.districtCodes),
    }),
  ];
}

function engineerRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/engineers',
      summary: 'Engineers in the caller’s scope, filtered and paginated',
      description: 'Phones are masked. `category` lists engineers who passed that assessment; `q` matches name or employee number.',
      tags: ['network'],
      auth: STAFF_MANAGERS,
      query: EngineerListQuery,
      response: pageOf(EngineerView),
      handler: (ctx, { query }) => network.listEngineers(deps.clock, ctx.state.user!, query),
    }),
    defineRoute({
      method: 'post',
      path: '/engineers',
      summary: 'Add an engineer with their sign-in account',
      description:
        'Managers add to their own outlet; platform admins name `outletId`. Username and employee number are unique: a duplicate, ' +
        'even from a concurrent request, is 409 `conflict` with the field named. Audit-logged.',
      tags: ['network'],
      auth: STAFF_MANAGERS,
      body: CreateEngineerBody,
      status: 201,
      response: EngineerView,
      errors: ['conflict', 'not_found'],
      handler: (ctx, { body }) => engineers.createEngineer(deps.clock, staffActor(ctx), body),
    }),
    defineRoute({
      method: 'get',
      path: '/engineers/:id',
      summary: 'One engineer (404 outside the caller’s scope)',
      tags: ['network'],
      auth: STAFF_MANAGERS,
      params: IdParams,
      response: EngineerView,
      errors: ['not_found'],
      handler: (ctx, { params }) => network.getEngineer(deps.clock, ctx.state.user!, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/engineers/:id',
      summary: 'Change an engineer’s name, phone, level or photo; platform admins may move them to another outlet',
      description: 'Moving (`outletId`) is platform-admin only (403 otherwise), moves the account too, and is 409 while the engineer has orders in progress. Audit-logged.',
      tags: ['network'],
      auth: STAFF_MANAGERS,
      params: IdParams,
      body: UpdateEngineerBody,
      response: EngineerView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params, body }) => engineers.updateEngineer(deps.clock, staffActor(ctx), params.id, body),
    }),
    defineRoute({
      method: 'put',
      path: '/engineers/:id/skills',
      summary: 'Replace the engineer’s skill assessments',
      description: `A score ≥ ${NETWORK_LIMITS.skillPassScore} passes (\`passed\`); only passed skills make the engineer eligible for the category (S6). Audit-logged.`,
      tags: ['network'],
      auth: STAFF_MANAGERS,
      params: IdParams,
      body: EngineerSkillsBody,
      response: EngineerView,
      errors: ['not_found'],
      handler: (ctx, { params, body }) => engineers.replaceSkills(deps.clock, staffActor(ctx), params.id, body.skills),
    }),
    defineRoute({
      method: 'put',
      path: '/engineers/:id/certificates',
      summary: 'Replace the engineer’s certificates',
      description: 'One per type. The view adds `valid` and `expiresInDays`; dispatch requires the certificates a job needs to be valid on its date. Audit-logged.',
      tags: ['network'],
      auth: STAFF_MANAGERS,
      params: IdParams,
      body: EngineerCertificatesBody,
      response: EngineerView,
      errors: ['not_found'],
      handler: (ctx, { params, body }) => engineers.replaceCertificates(deps.clock, staffActor(ctx), params.id, body.certificates),
    }),
    defineRoute({
      method: 'post',
      path: '/engineers/:id/suspend',
      summary: 'Suspend an engineer: no new orders until reactivated',
      description: '409 `conflict` when already suspended. Orders already assigned stay assigned: reassign them. Audit-logged with the reason.',
      tags: ['network'],
      auth: STAFF_MANAGERS,
      params: IdParams,
      body: SuspendEngineerBody,
      response: EngineerView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params, body }) => engineers.suspendEngineer(deps.clock, staffActor(ctx), params.id, body.reason),
    }),
    defineRoute({
      method: 'post',
      path: '/engineers/:id/reactivate',
      summary: 'Reactivate a suspended engineer',
      description: '409 `conflict` when not suspended. Audit-logged.',
      tags: ['network'],
      auth: STAFF_MANAGERS,
      params: IdParams,
      response: EngineerView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params }) => engineers.reactivateEngineer(deps.clock, staffActor(ctx), params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/engineers/:id/contact',
      summary: 'Reveal the engineer’s full phone number (audit-logged, S10)',
      tags: ['network'],
      auth: STAFF_MANAGERS,
      params: IdParams,
      response: EngineerContactView,
      errors: ['not_found'],
      handler: (ctx, { params }) => network.revealEngineerContact(deps.clock, staffActor(ctx), params.id),
    }),
  ];
}
