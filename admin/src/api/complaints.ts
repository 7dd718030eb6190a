import type { ComplaintListQuery, ComplaintSummary, ComplaintView, ResolveComplaintBody } from '@fangxin/shared';
import type { Page, PageQuery } from '@/types/api';
import { requestClient } from './request';

export type ComplaintQuery = Omit<ComplaintListQuery, 'overdue' | 'page' | 'pageSize'> & PageQuery & { overdue?: 'true' | 'false' };

export const listComplaints = (query: Partial<ComplaintQuery>) =>
  requestClient.get<Page<ComplaintSummary>>('/complaints', { params: query });

export const listOrderComplaints = (orderId: string) =>
  requestClient.get<Page<ComplaintSummary>>(`/orders/${orderId}/complaints`, { params: { page: 1, pageSize: 50 } });

export const getComplaint = (id: string) => requestClient.get<ComplaintView>(`/complaints/${id}`);

export const acknowledgeComplaint = (id: string) => requestClient.post<ComplaintView>(`/complaints/${id}/acknowledge`);

export const investigateComplaint = (id: string) => requestClient.post<ComplaintView>(`/complaints/${id}/investigate`);

export const resolveComplaint = (id: string, body: ResolveComplaintBody) =>
  requestClient.post<ComplaintView>(`/complaints/${id}/resolve`, body);

export const addComplaintNote = (id: string, text: string) =>
  requestClient.post<ComplaintView>(`/complaints/${id}/notes`, { text });
