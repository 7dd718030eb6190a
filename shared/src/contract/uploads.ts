import { IdParams } from '../schemas/common';
import { OrderPhotos, PhotoLinkQuery, UploadKindField, UploadOrderIdField, UploadView } from '../schemas/uploads';
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
  orderPhotos: endpoint({
    method: 'get',
    path: '/orders/:id/photos',
    summary: 'Short-lived links to the order’s images the caller may see (its customer, its engineer, the outlet’s staff)',
    description:
      'Each link is `/api/v1/photos/<id>?exp=…&sig=…`: it works without a session (a plain `<img src>` in the mini-program, H5 and the admin) for a few minutes, then answers 410. The assigned engineer does not get complaint photos; an engineer merely offered the order gets nothing.',
    tags: ['uploads'],
    auth: 'authenticated',
    params: IdParams,
    response: OrderPhotos,
    errors: ['not_found'],
  }),
  photo: endpoint({
    method: 'get',
    path: '/photos/:id',
    summary: 'An image through a signed link from orderPhotos (no session needed)',
    description: 'A wrong signature answers 403 forbidden, an expired link 410 link_expired. Cached privately for at most the link’s remaining life.',
    tags: ['uploads'],
    auth: 'public',
    params: IdParams,
    query: PhotoLinkQuery,
    response: null,
    produces: 'image/*',
    errors: ['forbidden', 'link_expired', 'not_found'],
  }),
};
