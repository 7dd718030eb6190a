import { PlatformSettings, PlatformSettingsPatch } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import { getSettings, updateSettings } from './service';

export function settingsRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/settings',
      summary: 'The platform’s service standards in force (deadlines, windows, sample rates)',
      tags: ['settings'],
      auth: 'authenticated',
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      response: PlatformSettings,
      handler: () => getSettings(),
    }),
    defineRoute({
      method: 'patch',
      path: '/admin/settings',
      summary: 'Change service standards (platform admin; audited)',
      tags: ['settings'],
      auth: ['platform_admin'],
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      body: PlatformSettingsPatch,
      response: PlatformSettings,
      handler: (ctx, { body }) =>
        updateSettings(deps.clock, body, { actorId: ctx.state.user!.id, actorRole: ctx.state.user!.role, ip: clientIp(ctx), requestId: ctx.state.requestId }),
    }),
  ];
}
