import type { AnalyticsOverview, QualityBreakdown, Rankings } from '@fangxin/shared';
import { requestClient } from './request';

export interface PeriodParams {
  from?: string;
  to?: string;
}

export const getOverview = (params: PeriodParams & { outletId?: string }) =>
  requestClient.get<AnalyticsOverview>('/analytics/overview', { params });

export const getRankings = (params: PeriodParams & { scope: 'outlets' | 'engineers'; outletId?: string }) =>
  requestClient.get<Rankings>('/quality/rankings', { params });

export const getEngineerQuality = (id: string, params: PeriodParams = {}) =>
  requestClient.get<QualityBreakdown>(`/quality/engineers/${id}`, { params });

export const getOutletQuality = (id: string, params: PeriodParams = {}) =>
  requestClient.get<QualityBreakdown>(`/quality/outlets/${id}`, { params });
