/**
 * What an image is uploaded for. An upload keeps its purpose: a report accepts only report photos, the signature
 * and old-part photos of its own order, each where it belongs.
 */
export const UPLOAD_KINDS = ['fault_photo', 'report_photo', 'old_part_photo', 'signature', 'complaint_photo', 'engineer_photo', 'rectification_photo', 'appeal_photo'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

export const UPLOAD_KIND_NAMES: Record<UploadKind, string> = {
  fault_photo: '故障照片',
  report_photo: '现场照片',
  old_part_photo: '旧配件照片',
  signature: '客户签名',
  complaint_photo: '投诉照片',
  engineer_photo: '工程师照片',
  rectification_photo: '整改照片',
  appeal_photo: '申诉照片',
};

/**
 * When an app asks for an order's photo links again: 30 s before they expire, at least 30 s from now and at most
 * 10 minutes from now (a timer longer than 2^31 ms fires at once, which would ask again and again).
 */
export function photoLinksRenewDelay(expiresAt: string, now: number): number {
  const renewIn = new Date(expiresAt).getTime() - now - 30_000;
  return Math.min(Math.max(Number.isFinite(renewIn) ? renewIn : 0, 30_000), 600_000);
}
