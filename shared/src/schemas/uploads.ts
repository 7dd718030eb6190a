import { z } from 'zod';
import { UPLOAD_KINDS } from '../domain/uploads';
import { ObjectId } from './common';

/** What an image is uploaded for (the multipart `kind` field). */
export const UploadKindField = z.enum(UPLOAD_KINDS);

/** The orderId multipart field: the order an image belongs to. */
export const UploadOrderIdField = ObjectId;

export const UploadView = z
  .object({
    id: ObjectId,
    kind: z.enum(UPLOAD_KINDS),
    mime: z.string(),
    size: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
    orderId: ObjectId.nullable(),
    url: z.string().meta({ description: 'Where to download it: `/api/v1/uploads/<id>` (with the Bearer token)' }),
  })
  .meta({ id: 'Upload' });

export type UploadView = z.infer<typeof UploadView>;

/** A signed photo link's query: when it stops working (Unix seconds) and its HMAC (base64url SHA-256). */
export const PhotoLinkQuery = z.object({
  exp: z.coerce.number().int().positive().max(4_102_444_800).meta({ description: 'Expiry, Unix seconds' }),
  sig: z.string().regex(/^[A-Za-z0-9_-]{43}$/, '签名格式不正确').meta({ description: 'HMAC-SHA256 of purpose, id and exp, base64url' }),
});

/** One image of an order the caller may see, with a short-lived link that needs no session (a plain `<img src>`). */
export const OrderPhotoView = z.object({
  id: ObjectId,
  kind: z.enum(UPLOAD_KINDS),
  kindLabel: z.string().meta({ description: 'What the image is, in words (故障照片, 现场照片…)' }),
  mime: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  url: z.string().meta({ description: '`/api/v1/photos/<id>?exp=…&sig=…`, valid until `expiresAt`, no Bearer token needed' }),
});

export const OrderPhotos = z
  .object({
    expiresAt: z.string().meta({ description: 'When every link in `items` stops working (ask again after)' }),
    items: z.array(OrderPhotoView),
  })
  .meta({ id: 'OrderPhotos' });

export type OrderPhotoView = z.infer<typeof OrderPhotoView>;
export type OrderPhotos = z.infer<typeof OrderPhotos>;
