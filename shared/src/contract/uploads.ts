import { IdParams } from '../schemas/common';
import { UploadKindField, UploadOrderIdField, UploadView } from '../schemas/uploads';
import { endpoint } from './endpoint';

export const uploads = {
  create: endpoint({
    method: 'post',
    path: '/uploads',
    summary: 'Upload one image (multipart/form-data: file, kind, orderId?)',
    description:
      'JPEG, PNG or WebP judged from the bytes, at most 5 MB and 40 megapixels. kind: fault_photo and complaint_photo (customer), report_photo, old_part_photo and signature (the order’s engineer, orderId required), engineer_photo (staff).',
    tags: ['uploads'],
    auth: 'authenticated',
    multipart: {
      file: { description: 'binary image', required: true },
      kind: { description: 'what the image is for', schema: UploadKindField, required: true },
      orderId: { description: 'the order it belongs to (required for report_photo, old_part_photo and signature)', schema: UploadOrderIdField },
    },
    status: 201,
    response: UploadView,
    errors: ['file_too_large', 'unsupported_file_type', 'not_found'],
  }),
  download: endpoint({
    method: 'get',
    path: '/uploads/:id',
    summary: 'Download an image (its uploader, the order’s customer and engineer, the outlet’s staff)',
    tags: ['uploads'],
    auth: 'authenticated',
    params: IdParams,
    response: null,
    produces: 'image/*',
    errors: ['not_found'],
  }),
};
