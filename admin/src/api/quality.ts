import { api } from '@fangxin/shared';
import { requestClient } from './request';

export interface PeriodParams {
  from?: string;
  to?: string;
}

export const getOverview = (params: PeriodParams & { outletId?: string }) => requestClient.call(api.analytics.overview, { query: params });

export const getRankings = (params: PeriodParams & { scope: 'outlets' | 'engineers'; outletId?: string }) =>
  requestClient.call(api.quality.rankings, { query: params });

export const getEngineerQuality = (id: string, params: PeriodParams = {}) => requestClient.call(api.quality.engineer, { params: { id }, query: params });

export const getOutletQuality = (id: string, params: PeriodParams = {}) => requestClient.call(api.quality.outlet, { params: { id }, query: params });
