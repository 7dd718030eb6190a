import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { Types } from 'mongoose';
import { z } from 'zod';
import { ObjectId as ObjectIdSchema, UPLOAD_KIND_NAMES, type FieldError } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { loadOrderFor, relationTo, type Relation } from '../orders/access';
import { orderParties } from '../orders/reads';
import { Upload, UPLOAD_KINDS, type UploadKind, type UploadRecord } from './model';
import { sniffImage } from './sniff';
import type { FileStorage } from './storage';
import type { PhotoLinkSigner } from './links';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Decoding a larger image would cost the viewer hundreds of MB; real photos are far below this. */
export const MAX_UPLOAD_PIXELS = 40_000_000;

const UploadFields = z.object({ kind: z.enum(UPLOAD_KINDS), orderId: ObjectIdSchema.optional() });

interface Received {
  fields: Record<string, string>;
  file: Buffer | null;
  truncated: boolean;
}

function readMultipart(req: IncomingMessage): Promise<Received> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 200 } });
    } catch {
      reject(new AppError('unsupported_media_type', '请以 multipart/form-data 上传文件'));
      return;
    }
    const fields: Record<string, string> = {};
    let file: Buffer | null = null;
    let truncated = false;
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        truncated = true;
      });
      stream.on('end', () => {
        file = Buffer.concat(chunks);
      });
    });
    parser.on('error', () => reject(new AppError('validation_failed', '上传内容格式错误')));
    parser.on('close', () => resolve({ fields, file, truncated }));
    req.pipe(parser);
  });
}

const customerKinds: UploadKind[] = ['fault_photo', 'complaint_photo'];
const engineerKinds: UploadKind[] = ['report_photo', 'old_part_photo', 'signature'];

/**
 * Who may attach which kind of file to which order: customers to their own orders, engineers to orders assigned to
 * them (`relationTo`, orders/access.ts; an engineer merely offered the order is not enough), staff by role.
 */
async function assertMayUpload(user: AuthUser, kind: UploadKind, orderId: string | undefined, now: Date): Promise<void> {
  const order = orderId ? await orderParties(orderId, { status: true }) : null;
  if (orderId && !order) throw new AppError('not_found', '订单不存在');
  if (customerKinds.includes(kind)) {
    if (user.role !== 'customer') throw new AppError('forbidden');
    if (order && relationTo(order, user, now) !== 'customer') throw new AppError('not_found', '订单不存在');
    return;
  }
  if (kind === 'appeal_photo') {
    // Issue 20.2: evidence for an appeal, by the order's engineer or its outlet's staff.
    if (user.role === 'customer') throw new AppError('forbidden');
    if (!order) throw new AppError('validation_failed', undefined, { fields: [{ path: 'orderId', message: '请指定订单' }] });
    const relation = relationTo(order, user, now);
    if (relation !== 'engineer' && relation !== 'staff') throw new AppError('not_found', '订单不存在');
    return;
  }
  if (engineerKinds.includes(kind)) {
    if (user.role !== 'engineer') throw new AppError('forbidden');
    if (!order) throw new AppError('validation_failed', undefined, { fields: [{ path: 'orderId', message: '请指定订单' }] });
    if (relationTo(order, user, now) !== 'engineer') throw new AppError('not_found', '订单不存在');
    return;
  }
  if (user.role !== 'outlet_manager' && user.role !== 'platform_admin') throw new AppError('forbidden');
}

/**
 * Receives one image (multipart field `file`, with `kind` and optional `orderId`). JPEG, PNG or WebP only, judged
 * from the bytes; at most 5 MB and 40 megapixels. Stored through the storage adapter; only metadata in the database.
 */
export async function receiveUpload(clock: Clock, storage: FileStorage, user: AuthUser, req: IncomingMessage): Promise<UploadRecord> {
  const received = await readMultipart(req);
  const parsed = UploadFields.safeParse(received.fields);
  if (!parsed.success) {
    throw new AppError('validation_failed', undefined, { fields: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  }
  if (received.truncated) throw new AppError('file_too_large', `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  if (!received.file || received.file.length === 0) throw new AppError('validation_failed', undefined, { fields: [{ path: 'file', message: '请选择文件' }] });
  const image = sniffImage(received.file);
  if (!image) throw new AppError('unsupported_file_type');
  if (image.width * image.height > MAX_UPLOAD_PIXELS || image.width === 0 || image.height === 0) {
    throw new AppError('file_too_large', `图片像素尺寸 ${image.width}×${image.height} 超出上限`);
  }
  await assertMayUpload(user, parsed.data.kind, parsed.data.orderId, clock.now());

  const _id = new Types.ObjectId();
  const now = clock.now();
  const storageKey = `${now.toISOString().slice(0, 7)}/${String(_id)}.${image.ext}`;
  await storage.put(storageKey, received.file);
  const doc = await Upload.create({
    _id,
    ownerId: new Types.ObjectId(user.id),
    orderId: parsed.data.orderId ? new Types.ObjectId(parsed.data.orderId) : null,
    kind: parsed.data.kind,
    mime: image.mime,
    size: received.file.length,
    width: image.width,
    height: image.height,
    sha256: crypto.createHash('sha256').update(received.file).digest('hex'),
    storageKey,
    createdAt: now,
  });
  return doc.toObject() as UploadRecord;
}

export function presentUpload(u: UploadRecord) {
  return { id: String(u._id), kind: u.kind, mime: u.mime, size: u.size, width: u.width, height: u.height, orderId: u.orderId ? String(u.orderId) : null, url: `/api/v1/uploads/${String(u._id)}` };
}

/**
 * Served only to its uploader, the order's customer, its engineer, and its outlet's staff (and platform admins):
 * `relationTo` (orders/access.ts), where an engineer merely offered the order does not count.
 */
export async function openUpload(clock: Clock, storage: FileStorage, user: AuthUser, id: string) {
  const upload = await Upload.findById(id).lean<UploadRecord>();
  if (!upload) throw new AppError('not_found', '文件不存在');
  let allowed = String(upload.ownerId) === user.id || user.role === 'platform_admin';
  if (!allowed && upload.orderId) {
    const order = await orderParties(upload.orderId);
    const relation = order ? relationTo(order, user, clock.now()) : null;
    allowed = relation === 'customer' || relation === 'engineer' || relation === 'staff';
  }
  if (!allowed) throw new AppError('not_found', '文件不存在');
  return { upload, stream: await storage.open(upload.storageKey) };
}

/**
 * Every id must be an upload of this order made for its purpose: a report photo, the signature, an old-part photo.
 * An image uploaded for one purpose never passes as another (the signature is not a photo of the old part).
 */
export async function assertUploadsForOrder(orderId: string, groups: Array<{ kind: UploadKind; ids: string[]; path: string }>): Promise<void> {
  // One read for every image of the report, then each group judged by the kinds found.
  const ids = [...new Set(groups.flatMap((g) => g.ids))].map((id) => new Types.ObjectId(id));
  const found = await Upload.find({ _id: { $in: ids }, orderId: new Types.ObjectId(orderId) }, { kind: 1 }).lean<Array<Pick<UploadRecord, '_id' | 'kind'>>>();
  const kindOf = new Map(found.map((u) => [String(u._id), u.kind]));
  const fields: FieldError[] = [];
  for (const { kind, ids: groupIds, path } of groups) {
    if (groupIds.some((id) => kindOf.get(id.toLowerCase()) !== kind)) fields.push({ path, message: `图片不存在、不属于此订单，或不是${UPLOAD_KIND_NAMES[kind]}，请重新上传` });
  }
  if (fields.length) throw new AppError('validation_failed', undefined, { fields });
}

/** Booking, before anything is reserved: the photos must be the customer's own fault photos, not yet used. */
export async function assertCustomerUploads(customerId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const objectIds = [...new Set(ids)].map((id) => new Types.ObjectId(id));
  const owned = await Upload.countDocuments({ _id: { $in: objectIds }, ownerId: new Types.ObjectId(customerId), orderId: null, kind: 'fault_photo' });
  if (owned !== objectIds.length) {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'photoIds', message: '图片不存在或已被使用，请重新上传' }] });
  }
}

/** Booking, once the order exists: its fault photos become the order's (and visible to its engineer and outlet). */
export async function claimCustomerUploads(customerId: string, orderId: Types.ObjectId, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const objectIds = [...new Set(ids)].map((id) => new Types.ObjectId(id));
  await Upload.updateMany({ _id: { $in: objectIds }, ownerId: new Types.ObjectId(customerId), orderId: null }, { $set: { orderId } });
}

/**
 * Complaints (S9): the photos must be the customer's own complaint photos, uploaded for this order or for none yet;
 * they then become the order's, so the outlet handling the complaint can see them.
 */
export async function claimComplaintUploads(customerId: string, orderId: Types.ObjectId, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const objectIds = [...new Set(ids)].map((id) => new Types.ObjectId(id));
  const filter = { _id: { $in: objectIds }, ownerId: new Types.ObjectId(customerId), kind: 'complaint_photo' as const, orderId: { $in: [null, orderId] } };
  if ((await Upload.countDocuments(filter)) !== objectIds.length) {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'photoIds', message: '图片不存在或不是本人的投诉照片，请重新上传' }] });
  }
  await Upload.updateMany(filter, { $set: { orderId } });
}

/** Every upload attached to one order, oldest first (for the order's evidence pack). */
export function uploadsOfOrder(orderId: Types.ObjectId): Promise<UploadRecord[]> {
  return Upload.find({ orderId }).sort({ createdAt: 1 }).lean<UploadRecord[]>();
}

/**
 * Which images of an order each party sees: the customer and the outlet's staff (and platform admins) all of them;
 * the assigned engineer all but the complaint photos (a complaint may be about him). An engineer merely offered the
 * order sees none until it is his.
 */
const HIDDEN_FROM: Partial<Record<Relation, readonly UploadKind[]>> = { engineer: ['complaint_photo'] };

/**
 * Short-lived links (links.ts) to every image of the order the caller is entitled to, oldest first. Anyone else,
 * including another order's customer, gets 404 as if the order did not exist, and so no link.
 */
export async function orderPhotoLinks(clock: Clock, signer: PhotoLinkSigner, user: AuthUser, orderId: string) {
  const { order, relation } = await loadOrderFor(clock, user, orderId, ['customer', 'engineer', 'staff']);
  const hidden = HIDDEN_FROM[relation] ?? [];
  const uploads = await Upload.find({ orderId: order._id, kind: { $nin: hidden } }, { kind: 1, mime: 1, width: 1, height: 1, createdAt: 1 })
    .sort({ createdAt: 1, _id: 1 })
    .lean<Array<Pick<UploadRecord, '_id' | 'kind' | 'mime' | 'width' | 'height'>>>();
  const expiresAt = signer.expiryFrom(clock.now());
  return {
    expiresAt: expiresAt.toISOString(),
    items: uploads.map((u) => ({
      id: String(u._id),
      kind: u.kind,
      kindLabel: UPLOAD_KIND_NAMES[u.kind],
      mime: u.mime,
      width: u.width,
      height: u.height,
      url: signer.url(String(u._id), expiresAt),
    })),
  };
}

/** Opens an image through a signed link: 403 for a wrong or tampered link, 410 for an expired one, 404 if gone. */
export async function openSignedPhoto(clock: Clock, signer: PhotoLinkSigner, storage: FileStorage, id: string, exp: number, sig: string) {
  const now = clock.now();
  const verdict = signer.check(id, exp, sig, now);
  if (verdict === 'invalid') throw new AppError('forbidden', '图片链接无效');
  if (verdict === 'expired') throw new AppError('link_expired', '图片链接已过期，请刷新页面后重试');
  const upload = await Upload.findById(id).lean<UploadRecord>();
  if (!upload) throw new AppError('not_found', '图片不存在');
  return { upload, stream: await storage.open(upload.storageKey), maxAge: signer.cacheSeconds(exp, now) };
}

/**
 * Staff evidence (a rectification report's photos): every id must be the caller's own upload of this kind. Answers
 * 400 naming the field otherwise.
 */
export async function assertOwnUploads(ownerId: string, kind: UploadKind, ids: string[], path: string): Promise<void> {
  if (ids.length === 0) return;
  const objectIds = [...new Set(ids)].map((id) => new Types.ObjectId(id));
  const owned = await Upload.countDocuments({ _id: { $in: objectIds }, ownerId: new Types.ObjectId(ownerId), kind });
  if (owned !== objectIds.length) {
    throw new AppError('validation_failed', undefined, { fields: [{ path, message: `图片不存在或不是本人上传的${UPLOAD_KIND_NAMES[kind]}，请重新上传` }] });
  }
}
