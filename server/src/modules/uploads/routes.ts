import { z } from 'zod';
import { IdParams, ObjectId, UPLOAD_KINDS } from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import * as uploads from './service';
import type { FileStorage } from './storage';

const UploadView = z
  .object({ id: z.string(), kind: z.string(), mime: z.string(), size: z.number(), width: z.number(), height: z.number(), orderId: z.string().nullable(), url: z.string() })
  .meta({ id: 'Upload' });

export function uploadRoutes(deps: AppDeps, storage: FileStorage): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/uploads',
      summary: 'Upload one image (multipart/form-data: file, kind, orderId?)',
      description:
        'JPEG, PNG or WebP judged from the bytes, at most 5 MB and 40 megapixels. kind: fault_photo and complaint_photo (customer), report_photo, old_part_photo and signature (the order’s engineer, orderId required), engineer_photo (staff).',
      tags: ['uploads'],
      auth: 'authenticated',
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      multipart: {
        file: { description: 'binary image', required: true },
        kind: { description: 'what the image is for', schema: z.enum(UPLOAD_KINDS), required: true },
        orderId: { description: 'the order it belongs to (required for report_photo, old_part_photo and signature)', schema: ObjectId },
      },
      status: 201,
      response: UploadView,
      errors: ['file_too_large', 'unsupported_file_type', 'not_found'],
      handler: async (ctx) => uploads.presentUpload(await uploads.receiveUpload(deps.clock, storage, ctx.state.user!, ctx.req)),
    }),
    defineRoute({
      method: 'get',
      path: '/uploads/:id',
      summary: 'Download an image (its uploader, the order’s customer and engineer, the outlet’s staff)',
      tags: ['uploads'],
      auth: 'authenticated',
      access: { record: 'upload', anonymous: 401, customer: 'own', engineer: 'own', manager: 'outlet', admin: 'any' },
      params: IdParams,
      produces: 'image/*',
      errors: ['not_found'],
      handler: async (ctx, { params }) => {
        const { upload, stream } = await uploads.openUpload(storage, ctx.state.user!, params.id);
        ctx.type = upload.mime;
        ctx.length = upload.size;
        ctx.set('Content-Disposition', 'inline');
        ctx.set('Cache-Control', 'private, max-age=3600');
        ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
        return stream;
      },
    }),
  ];
}
