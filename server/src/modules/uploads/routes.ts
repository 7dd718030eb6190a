import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import * as uploads from './service';
import type { FileStorage } from './storage';
import { createPhotoLinkSigner } from './links';

export function uploadRoutes(deps: AppDeps, storage: FileStorage): AnyRouteSpec[] {
  const signer = createPhotoLinkSigner(deps.config.PHOTO_URL_SECRET, deps.config.PHOTO_URL_TTL_SECONDS);
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
    route(api.uploads.orderPhotos, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      handler: async (ctx, { params }) => uploads.orderPhotoLinks(deps.clock, signer, ctx.state.user!, params.id),
    }),
    route(api.uploads.photo, {
      // No session: the signed link is the permission (issued only to the order's parties by orderPhotos).
      access: { record: 'photo', anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      handler: async (ctx, { params, query }) => {
        const { upload, stream, maxAge } = await uploads.openSignedPhoto(deps.clock, signer, storage, params.id, query.exp, query.sig);
        ctx.type = upload.mime;
        ctx.length = upload.size;
        ctx.set('Content-Disposition', 'inline');
        ctx.set('Cache-Control', `private, max-age=${maxAge}`);
        ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
        ctx.body = stream;
      },
    }),
  ];
}
