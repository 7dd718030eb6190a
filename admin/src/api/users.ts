import { api, type CreateStaffUserBody, type StaffRole, type UpdateStaffUserBody } from '@fangxin/shared';
import type { PageQuery } from '@/types/api';
import { requestClient } from './request';

export interface StaffUserQuery extends PageQuery {
  role?: StaffRole;
  outletId?: string;
  status?: 'active' | 'disabled';
  q?: string;
}

export const listStaffUsers = (query: Partial<StaffUserQuery>) => requestClient.call(api.users.list, { query });

export const createStaffUser = (body: CreateStaffUserBody) => requestClient.call(api.users.create, { body });

export const updateStaffUser = (id: string, patch: UpdateStaffUserBody) =>
  requestClient.call(api.users.update, { params: { id }, body: patch });

export const disableStaffUser = (id: string) => requestClient.call(api.users.disable, { params: { id } });

export const enableStaffUser = (id: string) => requestClient.call(api.users.enable, { params: { id } });

export const resetStaffPassword = (id: string, password: string) =>
  requestClient.call(api.users.resetPassword, { params: { id }, body: { password } });

export const listCustomers = (query: Partial<PageQuery & { q: string }>) => requestClient.call(api.users.listCustomers, { query });
