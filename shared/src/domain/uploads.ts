/**
 * What an image is uploaded for. An upload keeps its purpose: a report accepts only report photos, the signature
 * and old-part photos of its own order, each where it belongs.
 */
export const UPLOAD_KINDS = ['fault_photo', 'report_photo', 'old_part_photo', 'signature', 'complaint_photo', 'engineer_photo'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

export const UPLOAD_KIND_NAMES: Record<UploadKind, string> = {
  fault_photo: '故障照片',
  report_photo: '现场照片',
  old_part_photo: '旧配件照片',
  signature: '客户签名',
  complaint_photo: '投诉照片',
  engineer_photo: '工程师照片',
};
