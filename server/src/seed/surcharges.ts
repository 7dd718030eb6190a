import mongoose from 'mongoose';
import { forgetCachedSettings } from '../modules/settings/service';

/**
 * Issue 19 in the demo: 萧山区 (330109, served by the Binjiang outlet) is a remote district, so the remote-visit fee can
 * be quoted there and nowhere else. Only written when the platform has never set the list: an admin's choice stays.
 * (The Binjiang outlet's evening windows are in its demo data, data.ts.)
 */
export const DEMO_REMOTE_DISTRICTS = ['330109'] as const;

export async function seedSurchargeDemo(): Promise<void> {
  const settings = mongoose.connection.collection<{ _id: string; values?: Record<string, unknown> }>('settings');
  await settings.updateOne({ _id: 'platform' }, { $setOnInsert: { values: {} } }, { upsert: true });
  const set = await settings.updateOne(
    { _id: 'platform', 'values.remoteDistrictCodes': { $exists: false } },
    { $set: { 'values.remoteDistrictCodes': [...DEMO_REMOTE_DISTRICTS] } },
  );
  if (set.modifiedCount) forgetCachedSettings();
}
