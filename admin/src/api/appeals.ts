import { api, type AppealState, type DecideAppealBody, type FileAppealBody } from '@fangxin/shared';
import { requestClient } from './request';

/** Issue 20.2: appeals — an order's appealable items, filing, the lists, the platform's decision and withdrawal. */
export const appealItems = (orderId: string) => requestClient.call(api.appeals.items, { params: { id: orderId } });

export const fileAppeal = (orderId: string, body: FileAppealBody) => requestClient.call(api.appeals.file, { params: { id: orderId }, body });

export const listAppeals = (query: { page?: number; pageSize?: number; state?: AppealState; orderId?: string }) => requestClient.call(api.appeals.list, { query });

export const getAppeal = (id: string) => requestClient.call(api.appeals.get, { params: { id } });

export const decideAppeal = (id: string, body: DecideAppealBody) => requestClient.call(api.appeals.decide, { params: { id }, body });

export const withdrawAppeal = (id: string) => requestClient.call(api.appeals.withdraw, { params: { id } });

export const orderTimelineForAppeal = (orderId: string) => requestClient.call(api.orders.timeline, { params: { id: orderId } });

export const orderPhotosForAppeal = (orderId: string) => requestClient.call(api.uploads.orderPhotos, { params: { id: orderId } });

/** An `appeal_photo` of the order, uploaded by the outlet's staff as evidence. */
export function uploadAppealPhoto(file: File, orderId: string) {
  const form = new FormData();
  form.append('kind', 'appeal_photo');
  form.append('orderId', orderId);
  form.append('file', file);
  return requestClient.call(api.uploads.create, {}, { data: form });
}
