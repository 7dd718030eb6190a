import {
  ComplaintListQuery,
  ComplaintMineQuery,
  ComplaintNoteBody,
  ComplaintSummary,
  ComplaintView,
  FileComplaintBody,
  IdParams,
  ReopenComplaintBody,
  ResolveComplaintBody,
  pageOf,
} from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import { loadOrderFor } from '../orders/access';
import type { ComplaintRecord } from './model';
import { presentComplaint } from './presenter';
import * as complaints from './service';
import * as queries from './queries';

const STAFF = ['outlet_manager', 'platform_admin'] as const;
const TAGS = ['complaints'];

/** Complaints (S9): the customer files and answers, the outlet acknowledges, investigates and resolves on deadlines. */
export function complaintRoutes(deps: AppDeps): AnyRouteSpec[] {
  const { clock } = deps;
  const meta = (ctx: RouteContext) => ({ ip: clientIp(ctx), requestId: ctx.state.requestId });
  const view = (ctx: RouteContext, c: ComplaintRecord) => {
    const role = ctx.state.user!.role;
    return presentComplaint(c, role === 'customer' ? 'customer' : 'staff', role, clock.now());
  };
  /** A staff step: acknowledge, investigate. */
  const staffStep = (path: string, summary: string, run: typeof complaints.acknowledgeComplaint) =>
    defineRoute({
      method: 'post',
      path: `/complaints/:id/${path}`,
      summary,
      tags: TAGS,
      auth: STAFF,
      access: { record: 'complaint', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: ComplaintView,
      errors: ['not_found', 'illegal_transition'],
      handler: async (ctx, { params }) => view(ctx, await run(clock, ctx.state.user!, params.id, meta(ctx))),
    });

  return [
    defineRoute({
      method: 'post',
      path: '/orders/:id/complaints',
      summary: 'File a complaint against one of my orders (from acceptance on; up to 90 days after it closed)',
      description: 'Deadlines start now: acknowledged within complaintAckHours, resolved within complaintResolveHours (settings).',
      tags: TAGS,
      auth: ['customer'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      body: FileComplaintBody,
      status: 201,
      response: ComplaintView,
      errors: ['not_found', 'illegal_transition'],
      handler: async (ctx, { params, body }) => view(ctx, await complaints.fileComplaint(clock, ctx.state.user!, params.id, body)),
    }),
    defineRoute({
      method: 'get',
      path: '/orders/:id/complaints',
      summary: 'Complaints about one order (its customer, its outlet’s staff)',
      tags: TAGS,
      auth: ['customer', ...STAFF],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: pageOf(ComplaintSummary),
      errors: ['not_found'],
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(clock, ctx.state.user!, params.id, ['customer', 'staff']);
        return queries.listOrderComplaints(clock, order._id);
      },
    }),
    // Before /complaints/:id, so that `mine` is not read as an id.
    defineRoute({
      method: 'get',
      path: '/complaints/mine',
      summary: 'My complaints (customer), newest first',
      tags: TAGS,
      auth: ['customer'],
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      query: ComplaintMineQuery,
      response: pageOf(ComplaintSummary),
      handler: (ctx, { query }) => queries.listMyComplaints(clock, ctx.state.user!, query),
    }),
    defineRoute({
      method: 'get',
      path: '/complaints',
      summary: 'Complaints of my outlet (all outlets for platform admins), the nearest deadline first, with SLA countdowns',
      tags: TAGS,
      auth: STAFF,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      query: ComplaintListQuery,
      response: pageOf(ComplaintSummary),
      handler: (ctx, { query }) => queries.listStaffComplaints(clock, ctx.state.user!, query),
    }),
    defineRoute({
      method: 'get',
      path: '/complaints/:id',
      summary: 'One complaint with its deadlines and history (the customer’s own, the outlet’s, or any for platform admins)',
      description: 'Internal history entries (notes, escalations) are shown to staff only.',
      tags: TAGS,
      auth: 'authenticated',
      access: { record: 'complaint', anonymous: 401, customer: 'own', engineer: 404, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: ComplaintView,
      errors: ['not_found'],
      handler: async (ctx, { params }) => view(ctx, await complaints.loadComplaintFor(ctx.state.user!, params.id)),
    }),
    staffStep('acknowledge', 'Acknowledge a complaint (meets the acknowledge deadline; audited)', complaints.acknowledgeComplaint),
    staffStep('investigate', 'Start investigating (again, after a reopen; audited)', complaints.investigateComplaint),
    defineRoute({
      method: 'post',
      path: '/complaints/:id/resolve',
      summary: 'Resolve with a resolution and optional compensation (audited; opens a return-visit task)',
      tags: TAGS,
      auth: STAFF,
      access: { record: 'complaint', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      body: ResolveComplaintBody,
      response: ComplaintView,
      errors: ['not_found', 'illegal_transition'],
      handler: async (ctx, { params, body }) => view(ctx, await complaints.resolveComplaint(clock, ctx.state.user!, params.id, body, meta(ctx))),
    }),
    defineRoute({
      method: 'post',
      path: '/complaints/:id/notes',
      summary: 'Add an internal note to the history (staff only; audited)',
      tags: TAGS,
      auth: STAFF,
      access: { record: 'complaint', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      body: ComplaintNoteBody,
      status: 201,
      response: ComplaintView,
      errors: ['not_found'],
      handler: async (ctx, { params, body }) => view(ctx, await complaints.addNote(clock, ctx.state.user!, params.id, body.text, meta(ctx))),
    }),
    defineRoute({
      method: 'post',
      path: '/complaints/:id/accept',
      summary: 'Accept the resolution (customer); the complaint is closed',
      tags: TAGS,
      auth: ['customer'],
      access: { record: 'complaint', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      response: ComplaintView,
      errors: ['not_found', 'illegal_transition'],
      handler: async (ctx, { params }) => view(ctx, await complaints.acceptResolution(clock, ctx.state.user!, params.id)),
    }),
    defineRoute({
      method: 'post',
      path: '/complaints/:id/reopen',
      summary: 'Do not accept the resolution (customer; once): the outlet resolves again on a new deadline',
      tags: TAGS,
      auth: ['customer'],
      access: { record: 'complaint', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      body: ReopenComplaintBody,
      response: ComplaintView,
      errors: ['not_found', 'illegal_transition', 'complaint_reopen_limit'],
      handler: async (ctx, { params, body }) => view(ctx, await complaints.reopenComplaint(clock, ctx.state.user!, params.id, body.reason)),
    }),
  ];
}
