import mongoose from 'mongoose';
import type { Clock } from '../lib/clock';
import { hashPassword } from '../modules/auth/passwords';
import { Engineer, Outlet } from '../modules/network/model';
import { User } from '../modules/users/model';
import { ensureDefaultSurveyTemplate } from '../modules/surveys/templates';
import { seedWorkCards } from './cards';
import { seedCatalog } from './catalog';
import { seedSurchargeDemo } from './surcharges';
import { DEMO_CUSTOMERS, DEMO_DISPATCH, DEMO_ENGINEERS, DEMO_OUTLETS, DEMO_PASSWORD, DEMO_STAFF } from './data';
import { seedDemoHistory, type HistoryCounts, type HistoryOptions } from './history';
import type { FileStorage } from '../modules/uploads/storage';
import { restoreSnapshot, SnapshotError } from './snapshot';

export interface SeedOptions {
  /**
   * The ~90 days of activity and today's orders (history.ts): on unless false; by default as SEED_HISTORY says
   * (unset: 90 days; `0`: none, only the people and the catalogue; a number: that many days; `live`: 90 days).
   * `true` restores the snapshot (snapshot.ts: the history generated once, in seconds) and makes today's orders live,
   * or generates the history when there is no snapshot; days (an object) generate that many through the use cases.
   */
  history?: boolean | Omit<HistoryOptions, 'storage'>;
  /** The server's upload storage, for the demo's report photos. */
  storage?: FileStorage | null;
}

/** SEED_HISTORY: unset for the full history (the snapshot), `0` for none, a number of days or `live` to generate it. */
function historyFromEnv(value: string | undefined): SeedOptions['history'] {
  if (value === undefined || value === '') return true;
  if (value === '0') return false;
  if (value === 'live') return { days: 90 };
  const days = Number(value);
  return Number.isInteger(days) && days > 0 ? { days } : true;
}

/** The snapshot restored (snapshot.ts); null when there is none or it no longer fits this code (then it is generated). */
async function restoreOrWarn(clock: Clock, storage: FileStorage | null): Promise<HistoryCounts | null> {
  try {
    return (await restoreSnapshot(clock, { storage }))?.history ?? null;
  } catch (err) {
    if (!(err instanceof SnapshotError)) throw err;
    console.warn(`demo history: ${err.message}; generating it instead (this takes a while)`);
    return null;
  }
}

export async function isDatabaseEmpty(): Promise<boolean> {
  return (await User.estimatedDocumentCount()) === 0;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Creates (or brings back to their demo state) the demo outlets, staff, engineers and customers, then the demo's
 * history (history.ts). Idempotent: every record is upserted by its unique key and the history is generated once, so
 * running it twice changes nothing the second time.
 */
export async function seedDemoData(
  clock: Clock,
  options: SeedOptions = {},
): Promise<{ outlets: number; staff: number; engineers: number; customers: number; history: HistoryCounts | null }> {
  const now = clock.now();
  const outletIds = new Map<string, mongoose.Types.ObjectId>();
  for (const o of DEMO_OUTLETS) {
    const dispatch = DEMO_DISPATCH[o.code];
    const doc = await Outlet.findOneAndUpdate(
      { code: o.code },
      { $set: { ...o, districtCodes: [...o.districtCodes, ...dispatch.alsoCovers], dispatchMode: dispatch.mode } },
      { upsert: true, returnDocument: 'after', lean: true },
    );
    outletIds.set(o.code, doc!._id);
  }
  await seedSurchargeDemo();

  // One scrypt hash of the demo password for every demo account (each costs about 0.1 s of CPU; the password is the
  // same and public, so a salt per account would protect nothing here).
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const upsertStaffUser = async (username: string, set: Record<string, unknown>) => {
    const existing = await User.findOne({ username }, { _id: 1 }).lean();
    return User.findOneAndUpdate(
      { username },
      { $set: { ...set, passwordHash, status: 'active', failedLogins: 0, lockedUntil: null } },
      { upsert: !existing, returnDocument: 'after', lean: true },
    );
  };

  for (const s of DEMO_STAFF) {
    await upsertStaffUser(s.username, { name: s.name, role: s.role, outletId: s.outlet ? outletIds.get(s.outlet) : null });
  }

  for (const e of DEMO_ENGINEERS) {
    const outletId = outletIds.get(e.outlet)!;
    const user = await upsertStaffUser(e.username, { name: e.name, role: 'engineer', outletId });
    const engineer = await Engineer.findOneAndUpdate(
      { employeeNo: e.employeeNo },
      {
        $set: {
          userId: user!._id,
          outletId,
          name: e.name,
          phone: e.phone,
          level: e.level,
          status: e.status,
          skills: e.skills.map((category, i) => ({ category, assessedAt: new Date(now.getTime() - (200 + i * 30) * 24 * 3600 * 1000), score: 80 + ((e.level * 3 + i * 5) % 20) })),
          certificates: e.certificates.map((c, i) => ({
            type: c.type,
            number: `${c.type.slice(0, 2).toUpperCase()}${e.employeeNo.replace(/\D/g, '')}${i}`,
            expiresAt: new Date(now.getTime() + c.validYears * YEAR_MS),
          })),
        },
      },
      { upsert: true, returnDocument: 'after', lean: true },
    );
    await User.updateOne({ _id: user!._id }, { $set: { engineerId: engineer!._id } });
  }
  await seedWorkCards(clock);
  await seedCatalog(clock); // demo price catalogue; publishes version 1 when nothing is published yet
  await ensureDefaultSurveyTemplate(clock); // S7: the nine-element survey, as the default template

  for (const c of DEMO_CUSTOMERS) {
    await User.updateOne({ phone: c.phone }, { $set: { name: c.name, role: 'customer', status: 'active' } }, { upsert: true });
  }

  const wantHistory = options.history ?? historyFromEnv(process.env.SEED_HISTORY);
  const restored = wantHistory === true ? await restoreOrWarn(clock, options.storage ?? null) : null;
  const history = restored ?? (wantHistory ? await seedDemoHistory(clock, { ...(typeof wantHistory === 'object' ? wantHistory : {}), storage: options.storage ?? null }) : null);

  return { outlets: DEMO_OUTLETS.length, staff: DEMO_STAFF.length, engineers: DEMO_ENGINEERS.length, customers: DEMO_CUSTOMERS.length, history };
}
