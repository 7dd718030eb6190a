import { api, type PlatformSettingsPatch } from '@fangxin/shared';
import { requestClient } from './request';

export const getSettings = () => requestClient.call(api.settings.get);

export const updateSettings = (patch: PlatformSettingsPatch) => requestClient.call(api.settings.update, { body: patch });
