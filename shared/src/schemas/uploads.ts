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
