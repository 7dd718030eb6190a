import { api, fillPath } from '@fangxin/shared';
import { requestClient } from './request';

/**
 * An uploaded image as a blob: the download needs the Bearer header, which an <img src> cannot send, so it goes
 * through the request client (refresh included) and the caller shows it from an object URL.
 */
export const fetchUpload = (id: string) =>
  requestClient.get<Blob>(fillPath(api.uploads.download, { id }), { responseType: 'blob', silent: true });

/** Uploads one image; `engineer_photo` and `rectification_photo` are the staff kinds (others belong to customers and engineers). */
export function uploadImage(file: File, kind: 'engineer_photo' | 'rectification_photo') {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file);
  return requestClient.call(api.uploads.create, {}, { data: form });
}

/** The upload id inside an `/api/v1/uploads/<id>` address, or null for any other address. */
export function uploadIdOf(url: string | null | undefined): string | null {
  return /^\/api\/v1\/uploads\/([0-9a-f]{24})$/.exec(url ?? '')?.[1] ?? null;
}
