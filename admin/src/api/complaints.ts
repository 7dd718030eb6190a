import { api, type ComplaintListQuery, type ResolveComplaintBody } from '@fangxin/shared';
import type { PageQuery } from '@/types/api';
import { requestClient } from './request';

export type ComplaintQuery = Omit<ComplaintListQuery, 'overdue' | 'page' | 'pageSize'> & PageQuery & { overdue?: 'true' | 'false' };

export const listComplaints = (query: Partial<ComplaintQuery>) => requestClient.call(api.complaints.list, { query });

export const listOrderComplaints = (orderId: string) => requestClient.call(api.complaints.ofOrder, { params: { id: orderId } });

export const getComplaint = (id: string) => requestClient.call(api.complaints.get, { params: { id } });

export const acknowledgeComplaint = (id: string) => requestClient.call(api.complaints.acknowledge, { params: { id } });

export const investigateComplaint = (id: string) => requestClient.call(api.complaints.investigate, { params: { id } });

export const resolveComplaint = (id: string, body: ResolveComplaintBody) => requestClient.call(api.complaints.resolve, { params: { id }, body });

export const addComplaintNote = (id: string, text: string) => requestClient.call(api.complaints.addNote, { params: { id }, body: { text } });

export const approveCompensation = (id: string) => requestClient.call(api.complaints.approve, { params: { id } });

export const rejectCompensation = (id: string, reason: string) => requestClient.call(api.complaints.rejectCompensation, { params: { id }, body: { reason } });
