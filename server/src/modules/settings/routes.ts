import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import { getSettings, updateSettings } from './service';

export function settingsRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.settings.get, {
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      handler: () => getSettings(),
    }),
    route(api.settings.update, {
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      handler: (ctx, { body }) =>
        updateSettings(deps.clock, body, { actorId: ctx.state.user!.id, actorRole: ctx.state.user!.role, ip: clientIp(ctx), requestId: ctx.state.requestId }),
    }),
  ];
}
