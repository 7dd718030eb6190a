import { z } from 'zod';
import { APPLIANCE_CATEGORIES, SERVICE_TYPES } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';

const Named = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });

export function catalogRoutes(): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/catalog/categories',
      summary: 'Appliance categories and service types (public)',
      tags: ['catalog'],
      auth: 'public',
      response: z.object({ categories: z.array(Named), serviceTypes: z.array(Named) }),
      handler: () => ({ categories: APPLIANCE_CATEGORIES.map((c) => ({ ...c })), serviceTypes: SERVICE_TYPES.map((s) => ({ ...s })) }),
    }),
  ];
}
