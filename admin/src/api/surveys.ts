import { api, type SurveyElementKey, type SurveyTemplateInput, type SurveyTemplatePatch } from '@fangxin/shared';
import type { PageQuery } from '@/types/api';
import { requestClient } from './request';

export interface SurveyFilters {
  from?: string;
  to?: string;
  outletId?: string;
  engineerId?: string;
  low?: 'true' | 'false';
  element?: SurveyElementKey;
  atMost?: number;
}

export const listSurveys = (query: Partial<SurveyFilters & PageQuery>) => requestClient.call(api.surveys.list, { query });

export const getSurveySummary = (query: Partial<SurveyFilters>) => requestClient.call(api.surveys.summary, { query });

export const getOrderSurvey = (orderId: string) => requestClient.call(api.surveys.ofOrder, { params: { id: orderId } });

export const listSurveyTemplates = () => requestClient.call(api.surveys.listTemplates).then((r) => r.items);

export const createSurveyTemplate = (body: SurveyTemplateInput) => requestClient.call(api.surveys.createTemplate, { body });

export const updateSurveyTemplate = (id: string, patch: SurveyTemplatePatch) =>
  requestClient.call(api.surveys.updateTemplate, { params: { id }, body: patch });

export const deleteSurveyTemplate = (id: string) => requestClient.call(api.surveys.deleteTemplate, { params: { id } });

export const makeDefaultSurveyTemplate = (id: string) => requestClient.call(api.surveys.setDefaultTemplate, { params: { id } });
