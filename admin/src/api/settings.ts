import type { PlatformSettings } from '@fangxin/shared';
import { requestClient } from './request';

export const getSettings = () => requestClient.get<PlatformSettings>('/settings');

export const updateSettings = (patch: Partial<PlatformSettings>) => requestClient.patch<PlatformSettings>('/admin/settings', patch);
