import {
  api,
  type CategoryCode,
  type CreateEngineerBody,
  type EngineerCertificatesBody,
  type EngineerSkillsBody,
  type EngineerView,
  type UpdateEngineerBody,
} from '@fangxin/shared';
import type { PageQuery } from '@/types/api';
import { requestClient } from './request';

export interface EngineerQuery extends PageQuery {
  status?: EngineerView['status'];
  category?: CategoryCode;
  q?: string;
  expiringSoon?: 'true' | 'false';
}

export const listEngineers = (query: Partial<EngineerQuery>) => requestClient.call(api.network.listEngineers, { query });

export const getEngineer = (id: string) => requestClient.call(api.network.getEngineer, { params: { id } });

export const createEngineer = (body: CreateEngineerBody) => requestClient.call(api.network.createEngineer, { body });

export const updateEngineer = (id: string, patch: UpdateEngineerBody) =>
  requestClient.call(api.network.updateEngineer, { params: { id }, body: patch });

/** The whole list replaces the current one. */
export const putEngineerSkills = (id: string, body: EngineerSkillsBody) =>
  requestClient.call(api.network.replaceSkills, { params: { id }, body });

export const putEngineerCertificates = (id: string, body: EngineerCertificatesBody) =>
  requestClient.call(api.network.replaceCertificates, { params: { id }, body });

export const suspendEngineer = (id: string, reason: string) =>
  requestClient.call(api.network.suspendEngineer, { params: { id }, body: { reason } });

export const reactivateEngineer = (id: string) => requestClient.call(api.network.reactivateEngineer, { params: { id } });

/** The full phone number; every call is audit-logged (S10). */
export const revealEngineerContact = (id: string) => requestClient.call(api.network.engineerContact, { params: { id } });
