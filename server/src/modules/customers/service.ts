import crypto from 'node:crypto';
import { Types, type Model } from 'mongoose';
import {
  CATALOG_LIMITS,
  CUSTOMER_LIMITS,
  shanghaiDay,
  type AddressInput,
  type AddressPatch,
  type AddressView,
  type ApplianceInput,
  type AppliancePatch,
  type ApplianceView,
  type CategoryCode,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { Clock } from '../../lib/clock';
import { categoryPolicy, findPublishedCatalog } from '../catalog/service';
import { Address, Appliance, type AddressRecord, type ApplianceRecord } from './model';
import { presentAddress, presentAppliance } from './presenter';

/**
 * The signed-in customer's address book and appliances. Every query carries the customer's id, so another
 * customer's record is simply not found (404, never 403: ids cannot be probed).
 */

const HEX_ID = /^[0-9a-f]{24}$/i;

async function findOwn<T>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  customerId: string,
  id: string,
  what: string,
): Promise<T> {
  const doc = HEX_ID.test(id) && HEX_ID.test(customerId) ? await model.findOne({ _id: new Types.ObjectId(id), customerId: new Types.ObjectId(customerId) }).lean<T>() : null;
  if (!doc) throw new AppError('not_found', `${what}不存在`);
  return doc;
}

/**
 * Inserts a customer's record into one of `limit` numbered slots; the unique index (customerId, slot) refuses a
 * taken slot, so concurrent inserts can never exceed the limit. Each refused insert means another insert took that
 * slot, so within `limit + 1` attempts an insert either finds a free slot or finds the book full.
 */
async function insertWithinLimit<T>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  customerId: Types.ObjectId,
  limit: number,
  fields: Record<string, unknown>,
  fullMessage: string,
): Promise<T> {
  for (let attempt = 0; attempt <= limit; attempt++) {
    const taken = new Set((await model.find({ customerId }, { slot: 1 }).lean<Array<{ slot: number }>>()).map((d) => d.slot));
    const free = Array.from({ length: limit }, (_, slot) => slot).filter((slot) => !taken.has(slot));
    if (free.length === 0) throw new AppError('conflict', fullMessage);
    // A random free slot rather than the lowest, so concurrent inserts rarely collide.
    const slot = free[crypto.randomInt(free.length)]!;
    try {
      return (await model.create({ ...fields, customerId, slot })).toObject() as T;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
  throw new AppError('conflict', '保存过于频繁，请稍后再试');
}

// ---- addresses -------------------------------------------------------------------------------------------------

const ADDRESSES_FULL = `最多保存 ${CUSTOMER_LIMITS.addressesMax} 个地址，请先删除不用的地址`;

/** The address shown as default: the flagged one (the latest flagged, should a race leave two), else the newest. */
function effectiveDefaultId(newestFirst: AddressRecord[]): string | null {
  const flagged = newestFirst.filter((a) => a.isDefault).sort((a, b) => (b.defaultAt?.getTime() ?? 0) - (a.defaultAt?.getTime() ?? 0));
  const chosen = flagged[0] ?? newestFirst[0];
  return chosen ? String(chosen._id) : null;
}

/**
 * Makes one address the customer's only default, with two single-document updates (no transactions): first clear
 * every other default, then set this one. In this order, a failure between the two leaves the customer without a
 * flagged default for a moment (reads then show the newest address as default), never with two; the opposite
 * order could leave two. Should two changes by the same customer interleave and leave two flagged, `defaultAt`
 * lets reads pick the later one, and the next change clears the other.
 */
async function makeDefault(clock: Clock, customerId: Types.ObjectId, addressId: Types.ObjectId): Promise<void> {
  await Address.updateMany({ customerId, isDefault: true, _id: { $ne: addressId } }, { $set: { isDefault: false } });
  await Address.updateOne({ _id: addressId, customerId }, { $set: { isDefault: true, defaultAt: clock.now() } });
}

/** The customer's addresses, default first, then newest first. */
export async function listAddresses(customerId: string): Promise<AddressView[]> {
  const list = await Address.find({ customerId: new Types.ObjectId(customerId) }).sort({ _id: -1 }).lean<AddressRecord[]>();
  const defaultId = effectiveDefaultId(list);
  const views = list.map((a) => presentAddress(a, String(a._id) === defaultId));
  return [...views.filter((v) => v.isDefault), ...views.filter((v) => !v.isDefault)];
}

/** Saves a new address; the first one, or one sent with `isDefault: true`, becomes the default. */
export async function createAddress(clock: Clock, customerId: string, input: AddressInput): Promise<AddressView> {
  const cid = new Types.ObjectId(customerId);
  const { isDefault, ...fields } = input;
  // Inserted as not default, so it never stands as a second default before the others are cleared.
  const created = await insertWithinLimit<AddressRecord>(Address, cid, CUSTOMER_LIMITS.addressesMax, { ...fields, isDefault: false, defaultAt: null }, ADDRESSES_FULL);
  const hasDefault = await Address.exists({ customerId: cid, isDefault: true, _id: { $ne: created._id } });
  if (isDefault || !hasDefault) await makeDefault(clock, cid, created._id);
  const saved = await findOwn<AddressRecord>(Address, customerId, String(created._id), '地址');
  return presentAddress(saved, saved.isDefault);
}

export async function updateAddress(clock: Clock, customerId: string, addressId: string, patch: AddressPatch): Promise<AddressView> {
  const current = await findOwn<AddressRecord>(Address, customerId, addressId, '地址');
  const { isDefault, ...fields } = patch;
  if (isDefault === false && current.isDefault) throw new AppError('conflict', '默认地址不能直接取消，请把另一个地址设为默认');
  if (Object.keys(fields).length) await Address.updateOne({ _id: current._id, customerId: current.customerId }, { $set: fields });
  if (isDefault === true && !current.isDefault) await makeDefault(clock, current.customerId, current._id);
  const saved = await findOwn<AddressRecord>(Address, customerId, addressId, '地址');
  return presentAddress(saved, saved.isDefault);
}

/** Deletes an address; when it was the default, the newest remaining address becomes the default. */
export async function deleteAddress(clock: Clock, customerId: string, addressId: string): Promise<void> {
  const current = await findOwn<AddressRecord>(Address, customerId, addressId, '地址');
  const removed = await Address.findOneAndDelete({ _id: current._id, customerId: current.customerId }).lean<AddressRecord>();
  if (!removed) throw new AppError('not_found', '地址不存在');
  if (removed.isDefault) {
    const next = await Address.findOne({ customerId: removed.customerId }).sort({ _id: -1 }).lean<AddressRecord>();
    if (next) await makeDefault(clock, removed.customerId, next._id);
  }
}

/** For orders: one of the customer's own addresses as a plain record; 404 when it is not theirs. */
export async function getOwnAddress(customerId: string, addressId: string): Promise<AddressRecord> {
  return findOwn<AddressRecord>(Address, customerId, addressId, '地址');
}

// ---- appliances ------------------------------------------------------------------------------------------------

const APPLIANCES_FULL = `最多保存 ${CUSTOMER_LIMITS.appliancesMax} 台家电，请先删除不用的家电`;

/** Warranty months per category under the current published policy (the default when nothing is published). */
async function warrantyMonths(): Promise<(category: CategoryCode) => number> {
  const snapshot = await findPublishedCatalog();
  return (category) => (snapshot ? categoryPolicy(snapshot, category).applianceWarrantyMonths : CATALOG_LIMITS.defaultApplianceWarrantyMonths);
}

/** "Not in the future" needs today's date, so the server checks it with its clock (Asia/Shanghai day). */
function assertNotFuture(clock: Clock, purchaseDate: string): void {
  if (purchaseDate > shanghaiDay(clock.now())) {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'purchaseDate', message: '购买日期不能晚于今天' }] });
  }
}

async function present(clock: Clock, record: ApplianceRecord): Promise<ApplianceView> {
  return presentAppliance(record, (await warrantyMonths())(record.category), clock.now());
}

/** The customer's appliances, newest first, each with its warranty under the current published policy. */
export async function listAppliances(clock: Clock, customerId: string): Promise<ApplianceView[]> {
  const [list, months] = await Promise.all([
    Appliance.find({ customerId: new Types.ObjectId(customerId) }).sort({ _id: -1 }).lean<ApplianceRecord[]>(),
    warrantyMonths(),
  ]);
  const now = clock.now();
  return list.map((a) => presentAppliance(a, months(a.category), now));
}

export async function createAppliance(clock: Clock, customerId: string, input: ApplianceInput): Promise<ApplianceView> {
  assertNotFuture(clock, input.purchaseDate);
  const created = await insertWithinLimit<ApplianceRecord>(
    Appliance,
    new Types.ObjectId(customerId),
    CUSTOMER_LIMITS.appliancesMax,
    { ...input, serialNo: input.serialNo || null },
    APPLIANCES_FULL,
  );
  return present(clock, created);
}

export async function updateAppliance(clock: Clock, customerId: string, applianceId: string, patch: AppliancePatch): Promise<ApplianceView> {
  const current = await findOwn<ApplianceRecord>(Appliance, customerId, applianceId, '家电');
  if (patch.purchaseDate !== undefined) assertNotFuture(clock, patch.purchaseDate);
  const set = { ...patch, ...(patch.serialNo !== undefined ? { serialNo: patch.serialNo || null } : {}) };
  const saved = await Appliance.findOneAndUpdate({ _id: current._id, customerId: current.customerId }, { $set: set }, { returnDocument: 'after' }).lean<ApplianceRecord>();
  if (!saved) throw new AppError('not_found', '家电不存在');
  return present(clock, saved);
}

export async function deleteAppliance(customerId: string, applianceId: string): Promise<void> {
  const current = await findOwn<ApplianceRecord>(Appliance, customerId, applianceId, '家电');
  const removed = await Appliance.deleteOne({ _id: current._id, customerId: current.customerId });
  if (removed.deletedCount !== 1) throw new AppError('not_found', '家电不存在');
}

/** For orders: one of the customer's own appliances as a plain record; 404 when it is not theirs. */
export async function getOwnAppliance(customerId: string, applianceId: string): Promise<ApplianceRecord> {
  return findOwn<ApplianceRecord>(Appliance, customerId, applianceId, '家电');
}
