import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import { createPhotoLinkSigner } from '../uploads/links';
import * as appeals from './service';

/** Issue 20.2: appeals by engineers and their managers, decided by a platform admin (shared/src/domain/appeals.ts). */
export function appealRoutes(deps: AppDeps): AnyRouteSpec[] {
  const { clock } = deps;
  const signer = createPhotoLinkSigner(deps.config.PHOTO_URL_SECRET, deps.config.PHOTO_URL_TTL_SECONDS);
  const meta = (ctx: RouteContext) => ({ ip: clientIp(ctx), requestId: ctx.state.requestId });
  return [
    route(api.appeals.items, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 'own', manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => appeals.orderAppealItems(clock, ctx.state.user!, params.id),
    }),
    route(api.appeals.file, {
      access: { record: 'order', anonymous: 401, customer: 403, engineer: 'own', manager: 'outlet', admin: 403 },
      handler: (ctx, { params, body }) => appeals.fileAppeal(clock, signer, ctx.state.user!, params.id, body, meta(ctx)),
    }),
    route(api.appeals.list, {
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 'any', admin: 'any' },
      handler: (ctx, { query }) => appeals.listAppeals(ctx.state.user!, query),
    }),
    route(api.appeals.get, {
      access: { record: 'appeal', anonymous: 401, customer: 403, engineer: 'own', manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => appeals.getAppeal(clock, signer, ctx.state.user!, params.id),
    }),
    route(api.appeals.decide, {
      access: { record: 'appeal', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      handler: (ctx, { params, body }) => appeals.decideAppeal(clock, signer, ctx.state.user!, params.id, body, meta(ctx)),
    }),
    route(api.appeals.withdraw, {
      access: { record: 'appeal', anonymous: 401, customer: 403, engineer: 'own', manager: 'outlet', admin: 403 },
      handler: (ctx, { params }) => appeals.withdrawAppeal(clock, signer, ctx.state.user!, params.id, meta(ctx)),
    }),
  ];
}
