import { PlatformSettings, PlatformSettingsPatch } from '../schemas/settings';
import { endpoint } from './endpoint';

export const settings = {
  get: endpoint({
    method: 'get',
    path: '/settings',
    summary: 'The platform’s service standards in force (deadlines, windows, sample rates)',
    tags: ['settings'],
    auth: 'authenticated',
    response: PlatformSettings,
  }),
  update: endpoint({
    method: 'patch',
    path: '/admin/settings',
    summary: 'Change service standards (platform admin; audited)',
    tags: ['settings'],
    auth: ['platform_admin'],
    body: PlatformSettingsPatch,
    response: PlatformSettings,
  }),
};
