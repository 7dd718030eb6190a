import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import { getSettings } from '../settings/service';

/**
 * The numbers behind every promise the apps show (issue 19, part 5), public: read from the settings in force, so a
 * changed setting changes the home page, the booking review, the complaint form and the price list at once.
 */
export function promiseRoutes(): AnyRouteSpec[] {
  return [
    route(api.promises.get, {
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      handler: async () => {
        const s = await getSettings();
        return {
          respondHours: s.respondHours,
          resolveHours: s.resolveHours,
          reworkWarrantyDays: s.reworkWarrantyDays,
          complaintAckHours: s.complaintAckHours,
          complaintResolveHours: s.complaintResolveHours,
          customerChangeCutoffHours: s.customerChangeCutoffHours,
          hotline: s.hotline,
        };
      },
    }),
  ];
}
