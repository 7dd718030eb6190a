import mongoose, { Schema } from 'mongoose';
import { DEFAULT_SETTINGS, PlatformSettings, type PlatformSettings as Settings } from '@fangxin/shared';
import type { Clock } from '../../lib/clock';
import { recordAudit, type AuditInput } from '../audit/service';

/** One document holds the platform's tunable standards; absent fields fall back to the published defaults. */
const SettingsSchema = new Schema({ _id: String, values: { type: Schema.Types.Mixed, default: {} }, updatedAt: Date, updatedBy: String }, { versionKey: false, collection: 'settings' });
const SettingsDoc = mongoose.model('Settings', SettingsSchema);

const CACHE_MS = 5_000;
let cached: { at: number; value: Settings } | null = null;

/**
 * The current settings. Cached for a few seconds per instance (they change rarely); a change made through this
 * instance is visible at once, other instances see it within CACHE_MS.
 */
export async function getSettings(): Promise<Settings> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  const doc = await SettingsDoc.findById('platform').lean<{ values?: Record<string, unknown> }>();
  const value = PlatformSettings.parse({ ...DEFAULT_SETTINGS, ...(doc?.values ?? {}) });
  cached = { at: Date.now(), value };
  return value;
}

export async function updateSettings(clock: Clock, patch: Partial<Settings>, audit: Omit<AuditInput, 'action'>): Promise<Settings> {
  const set = Object.fromEntries(Object.entries(patch).map(([k, v]) => [`values.${k}`, v]));
  await SettingsDoc.updateOne({ _id: 'platform' }, { $set: { ...set, updatedAt: clock.now(), updatedBy: audit.actorId ?? null } }, { upsert: true });
  cached = null;
  await recordAudit(clock, { ...audit, action: 'settings.update', data: patch });
  return getSettings();
}

/** Tests that change settings reset the cache between files (each file has its own database). */
export function forgetCachedSettings(): void {
  cached = null;
}
