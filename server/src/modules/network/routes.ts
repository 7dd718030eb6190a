import { z } from 'zod';
import { EngineerView, IdParams, OutletView, Pagination, pageOf } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import * as network from './service';

const STAFF_MANAGERS = ['outlet_manager', 'platform_admin'] as const;

export function networkRoutes(): AnyRouteSpec[] {
  return [
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
      method: 'get',
      path: '/engineers',
      summary: 'Engineers in the caller’s scope, paginated',
      tags: ['network'],
      auth: STAFF_MANAGERS,
      query: Pagination.extend({ status: z.enum(['active', 'suspended']).optional() }),
      response: pageOf(EngineerView),
      handler: (ctx, { query }) => network.listEngineers(ctx.state.user!, query),
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
      handler: (ctx, { params }) => network.getEngineer(ctx.state.user!, params.id),
    }),
  ];
}
