import crypto from 'node:crypto';
import mongoose from 'mongoose';
import type { CategoryCode, CertificateType, Role } from '@fangxin/shared';
import { hashPassword } from '../src/modules/auth/passwords';
import { Engineer, Outlet } from '../src/modules/network/model';
import { User } from '../src/modules/users/model';

/** Factories build exactly the data a test needs, with unique keys, so no test depends on another's records. */
const uid = () => crypto.randomBytes(4).toString('hex');

export const PASSWORD = 'Correct-Horse-9';

export async function createOutlet(overrides: Partial<{ name: string; districtCodes: string[] }> = {}) {
  const code = `T-${uid()}`;
  const outlet = await Outlet.create({
    code,
    name: overrides.name ?? `测试网点${code}`,
    city: '杭州市',
    districtCodes: overrides.districtCodes ?? ['330106'],
    address: '测试地址 1 号',
    phone: '0571-00000000',
  });
  return { id: String(outlet._id), code, name: outlet.name };
}

export async function createStaff(role: Exclude<Role, 'customer'>, outletId: string | null, overrides: Partial<{ status: 'active' | 'disabled'; password: string }> = {}) {
  const username = `${role}.${uid()}`;
  const user = await User.create({
    role,
    name: `测试${role}`,
    username,
    passwordHash: await hashPassword(overrides.password ?? PASSWORD),
    outletId: outletId ? new mongoose.Types.ObjectId(outletId) : null,
    status: overrides.status ?? 'active',
  });
  return { id: String(user._id), username, password: overrides.password ?? PASSWORD };
}

export async function createEngineer(outletId: string, overrides: Partial<{ skills: CategoryCode[]; certificates: CertificateType[]; status: 'active' | 'suspended' }> = {}) {
  const staff = await createStaff('engineer', outletId);
  const engineer = await Engineer.create({
    userId: staff.id,
    outletId,
    employeeNo: `E-${uid()}`,
    name: '测试工程师',
    phone: `139${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`,
    level: 3,
    status: overrides.status ?? 'active',
    skills: (overrides.skills ?? ['air_conditioner']).map((category) => ({ category, assessedAt: new Date(), score: 90 })),
    certificates: (overrides.certificates ?? ['refrigeration']).map((type, i) => ({ type, number: `C${i}${uid()}`, expiresAt: new Date(Date.now() + 365 * 86400_000) })),
  });
  await User.updateOne({ _id: staff.id }, { $set: { engineerId: engineer._id } });
  return { ...staff, engineerId: String(engineer._id), phone: engineer.phone };
}

/** A random valid mainland mobile number no other test uses. */
export function randomPhone(): string {
  return `137${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`;
}
