import type {
  OrderSurveyView,
  SurveyElementKey,
  SurveySummary,
  SurveyTemplateInput,
  SurveyTemplatePatch,
  SurveyTemplateView,
  SurveyView,
} from '@fangxin/shared';
import type { Page, PageQuery } from '@/types/api';
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

export const listSurveys = (query: Partial<SurveyFilters & PageQuery>) =>
  requestClient.get<Page<SurveyView>>('/surveys', { params: query });

export const getSurveySummary = (query: Partial<SurveyFilters>) =>
  requestClient.get<SurveySummary>('/surveys/summary', { params: query });

export const getOrderSurvey = (orderId: string) => requestClient.get<OrderSurveyView>(`/orders/${orderId}/survey`);

export const listSurveyTemplates = () =>
  requestClient.get<{ items: SurveyTemplateView[] }>('/admin/survey-templates').then((r) => r.items);

export const createSurveyTemplate = (body: SurveyTemplateInput) =>
  requestClient.post<SurveyTemplateView>('/admin/survey-templates', body);

export const updateSurveyTemplate = (id: string, patch: SurveyTemplatePatch) =>
  requestClient.patch<SurveyTemplateView>(`/admin/survey-templates/${id}`, patch);

export const deleteSurveyTemplate = (id: string) => requestClient.delete<void>(`/admin/survey-templates/${id}`);

export const makeDefaultSurveyTemplate = (id: string) =>
  requestClient.post<SurveyTemplateView>(`/admin/survey-templates/${id}/default`);
