import { api, fillPath, isErrorId, type OrdersExportQuery } from '@fangxin/shared';
import { ApiError } from '@/utils/request';
import { notifyError } from './notify';
import { requestClient } from './request';

/** An error answer to a blob request is a Blob too: read its JSON so the person sees the server's own reason. */
async function blobError(status: number, data: Blob): Promise<ApiError> {
  const body = (await data.text().then((text) => JSON.parse(text) as { error?: Record<string, unknown> }).catch(() => null))?.error;
  const id = isErrorId(body?.id) ? body.id : status >= 500 ? 'internal_error' : 'validation_failed';
  return new ApiError({
    id,
    status,
    message: typeof body?.message === 'string' ? body.message : `HTTP ${status}`,
    requestId: typeof body?.requestId === 'string' ? body.requestId : null,
  });
}

/**
 * Files the server streams (CSV exports, the evidence pack) need the Bearer header, so a plain link cannot fetch
 * them: they come through the request client as a blob and are handed to the browser as a download. Only a 401 is
 * left to the client (to refresh the token and retry); any other error answer is read here.
 */
async function download(url: string, params: Record<string, unknown>, fallbackName: string): Promise<string> {
  const response = await requestClient.instance.get<Blob>(url, { params, responseType: 'blob', validateStatus: (status) => status !== 401 });
  if (response.status >= 400) {
    const error = await blobError(response.status, response.data);
    notifyError(error);
    throw error;
  }
  const disposition = String(response.headers['content-disposition'] ?? '');
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const fileName = name ? decodeURIComponent(name) : fallbackName;
  const href = URL.createObjectURL(response.data);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return fileName;
}

export const downloadOrdersCsv = (params: OrdersExportQuery) =>
  download(fillPath(api.exports.ordersCsv, {}), params, `orders-${params.from}-${params.to}.csv`);

export const downloadSurveysCsv = (params: { from: string; to: string; outletId?: string }) =>
  download(fillPath(api.surveys.exportCsv, {}), params, `surveys-${params.from}-${params.to}.csv`);

export const downloadEvidence = (orderId: string, orderNo: string) =>
  download(fillPath(api.orders.evidence, { id: orderId }), {}, `evidence-${orderNo}.json`);
