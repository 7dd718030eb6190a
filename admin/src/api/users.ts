import type {
  CreateStaffUserBody,
  CustomerSummaryView,
  StaffRole,
  StaffUserView,
  UpdateStaffUserBody,
} from '@fangxin/shared';
import type { Page, PageQuery } from '@/types/api';
import { requestClient } from './request';

export interface StaffUserQuery extends PageQuery {
  role?: StaffRole;
  outletId?: string;
  status?: 'active' | 'disabled';
  q?: string;
}

export const listStaffUsers = (query: Partial<StaffUserQuery>) =>
  requestClient.get<Page<StaffUserView>>('/admin/users', { params: query });

export const createStaffUser = (body: CreateStaffUserBody) => requestClient.post<StaffUserView>('/admin/users', body);

export const updateStaffUser = (id: string, patch: UpdateStaffUserBody) =>
  requestClient.patch<StaffUserView>(`/admin/users/${id}`, patch);

export const disableStaffUser = (id: string) => requestClient.post<StaffUserView>(`/admin/users/${id}/disable`);

export const enableStaffUser = (id: string) => requestClient.post<StaffUserView>(`/admin/users/${id}/enable`);

export const resetStaffPassword = (id: string, password: string) =>
  requestClient.post<StaffUserView>(`/admin/users/${id}/reset-password`, { password });

export const listCustomers = (query: Partial<PageQuery & { q: string }>) =>
  requestClient.get<Page<CustomerSummaryView>>('/admin/customers', { params: query });
