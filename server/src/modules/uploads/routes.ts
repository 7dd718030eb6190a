import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import * as uploads from './service';
import type { FileStorage } from './storage';

export function uploadRoutes(deps: AppDeps, storage: FileStorage): AnyRouteSpec[] {
  return [
    route(api.uploads.create, {
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      handler: async (ctx) => uploads.presentUpload(await uploads.receiveUpload(deps.clock, storage, ctx.state.user!, ctx.req)),
    }),
    route(api.uploads.download, {
      access: { record: 'upload', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => {
        const { upload, stream } = await uploads.openUpload(deps.clock, storage, ctx.state.user!, params.id);
        ctx.type = upload.mime;
        ctx.length = upload.size;
        ctx.set('Content-Disposition', 'inline');
        ctx.set('Cache-Control', 'private, max-age=3600');
        ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
        ctx.body = stream;
      },
    }),
  ];
}
