import type {
  CreateEngineerBody,
  EngineerCertificatesBody,
  EngineerContactView,
  EngineerSkillsBody,
  EngineerView,
  UpdateEngineerBody,
  CategoryCode,
} from '@fangxin/shared';
import type { Page, PageQuery } from '@/types/api';
import { requestClient } from './request';

export interface EngineerQuery extends PageQuery {
  status?: EngineerView['status'];
  category?: CategoryCode;
  q?: string;
  expiringSoon?: 'true' | 'false';
}

export const listEngineers = (query: Partial<EngineerQuery>) =>
  requestClient.get<Page<EngineerView>>('/engineers', { params: query });

export const getEngineer = (id: string) => requestClient.get<EngineerView>(`/engineers/${id}`);

export const createEngineer = (body: CreateEngineerBody) => requestClient.post<EngineerView>('/engineers', body);

export const updateEngineer = (id: string, patch: UpdateEngineerBody) =>
  requestClient.patch<EngineerView>(`/engineers/${id}`, patch);

/** The whole list replaces the current one. */
export const putEngineerSkills = (id: string, body: EngineerSkillsBody) =>
  requestClient.put<EngineerView>(`/engineers/${id}/skills`, body);

export const putEngineerCertificates = (id: string, body: EngineerCertificatesBody) =>
  requestClient.put<EngineerView>(`/engineers/${id}/certificates`, body);

export const suspendEngineer = (id: string, reason: string) =>
  requestClient.post<EngineerView>(`/engineers/${id}/suspend`, { reason });

export const reactivateEngineer = (id: string) => requestClient.post<EngineerView>(`/engineers/${id}/reactivate`);

/** The full phone number; every call is audit-logged (S10). */
export const revealEngineerContact = (id: string) => requestClient.get<EngineerContactView>(`/engineers/${id}/contact`);
