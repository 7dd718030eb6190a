import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import { loadOrderFor } from '../orders/access';
import { getSettings } from '../settings/service';
import type { ComplaintRecord } from './model';
import { presentComplaint } from './presenter';
import * as complaints from './service';
import * as queries from './queries';
import { sendQueuedRefunds } from '../payments/service';

/** Complaints (S9): the customer files and answers, the outlet acknowledges, investigates and resolves on deadlines. */
export function complaintRoutes(deps: AppDeps): AnyRouteSpec[] {
  const { clock } = deps;
  const meta = (ctx: RouteContext) => ({ ip: clientIp(ctx), requestId: ctx.state.requestId });
  const view = async (ctx: RouteContext, c: ComplaintRecord) => {
    const role = ctx.state.user!.role;
    const capFen = role === 'customer' ? null : (await getSettings()).complaintCompensationCapFen;
    return presentComplaint(c, role === 'customer' ? 'customer' : 'staff', role, clock.now(), capFen);
  };
  const staffStep = { record: 'complaint', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' } as const;
  const adminStep = { record: 'complaint', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' } as const;
  const customerStep = { record: 'complaint', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 } as const;

  return [
    route(api.complaints.file, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx, { params, body }) => view(ctx, await complaints.fileComplaint(clock, ctx.state.user!, params.id, body)),
    }),
    route(api.complaints.ofOrder, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => {
        const { order } = await loadOrderFor(clock, ctx.state.user!, params.id, ['customer', 'staff']);
        return queries.listOrderComplaints(clock, order._id);
      },
    }),
    // Before /complaints/:id, so that `mine` is not read as an id.
    route(api.complaints.mine, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, { query }) => queries.listMyComplaints(clock, ctx.state.user!, query),
    }),
    route(api.complaints.list, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      handler: (ctx, { query }) => queries.listStaffComplaints(clock, ctx.state.user!, query),
    }),
    route(api.complaints.get, {
      access: { record: 'complaint', anonymous: 401, customer: 'own', engineer: 404, manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => view(ctx, await complaints.loadComplaintFor(ctx.state.user!, params.id)),
    }),
    route(api.complaints.acknowledge, {
      access: staffStep,
      handler: async (ctx, { params }) => view(ctx, await complaints.acknowledgeComplaint(clock, ctx.state.user!, params.id, meta(ctx))),
    }),
    route(api.complaints.investigate, {
      access: staffStep,
      handler: async (ctx, { params }) => view(ctx, await complaints.investigateComplaint(clock, ctx.state.user!, params.id, meta(ctx))),
    }),
    route(api.complaints.resolve, {
      access: staffStep,
      // A compensation that stands is refunded at once (issue 20.4); the payments job retries what WeChat Pay did not take.
      handler: async (ctx, { params, body }) => view(ctx, await sendQueuedRefunds(deps, await complaints.resolveComplaint(clock, ctx.state.user!, params.id, body, meta(ctx)))),
    }),
    route(api.complaints.approve, {
      access: adminStep,
      handler: async (ctx, { params }) => view(ctx, await sendQueuedRefunds(deps, await complaints.approveCompensation(clock, ctx.state.user!, params.id, meta(ctx)))),
    }),
    route(api.complaints.rejectCompensation, {
      access: adminStep,
      handler: async (ctx, { params, body }) => view(ctx, await complaints.rejectCompensation(clock, ctx.state.user!, params.id, body.reason, meta(ctx))),
    }),
    route(api.complaints.addNote, {
      access: staffStep,
      handler: async (ctx, { params, body }) => view(ctx, await complaints.addNote(clock, ctx.state.user!, params.id, body.text, meta(ctx))),
    }),
    route(api.complaints.accept, {
      access: customerStep,
      handler: async (ctx, { params }) => view(ctx, await complaints.acceptResolution(clock, ctx.state.user!, params.id)),
    }),
    route(api.complaints.reopen, {
      access: customerStep,
      handler: async (ctx, { params, body }) => view(ctx, await complaints.reopenComplaint(clock, ctx.state.user!, params.id, body.reason)),
    }),
  ];
}
