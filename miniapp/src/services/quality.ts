import type {
  ComplaintSummary,
  ComplaintView,
  FileComplaintBody,
  OrderSurveyView,
  OrderView,
  QualityBreakdown,
  ReworkBody,
  SubmitSurveyBody,
  SurveyView,
} from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'
import type { Page } from './types'

/** The body of a second-visit request (shared ReworkBody, which exports no type of its own). */
export type ReworkInput = ReturnType<typeof ReworkBody.parse>

/** The answer to a survey: a low result comes with the follow-up the customer is offered (S7). */
export interface SubmitSurveyResult {
  survey: SurveyView
  followUp: { returnVisitTaskId: string; canRequestRework: boolean; canComplain: true } | null
}

/** The quality loop: satisfaction survey (S7), free second visit (S8), complaints (S9), the engineer's score (S11). */
export function createQualityApi(client: ApiClient) {
  return {
    survey: (orderId: string) => client.get<OrderSurveyView>(`/orders/${orderId}/survey`),
    submitSurvey: (orderId: string, body: SubmitSurveyBody) => client.post<SubmitSurveyResult>(`/orders/${orderId}/survey`, body),
    rework: (orderId: string, body: ReworkInput) => client.post<OrderView>(`/orders/${orderId}/rework`, body),
    fileComplaint: (orderId: string, body: FileComplaintBody) => client.post<ComplaintView>(`/orders/${orderId}/complaints`, body),
    orderComplaints: (orderId: string) => client.get<Page<ComplaintSummary>>(`/orders/${orderId}/complaints`),
    myComplaints: () => client.get<Page<ComplaintSummary>>('/complaints/mine', { query: { pageSize: 100 } }),
    complaint: (id: string) => client.get<ComplaintView>(`/complaints/${id}`),
    acceptComplaint: (id: string) => client.post<ComplaintView>(`/complaints/${id}/accept`),
    reopenComplaint: (id: string, reason: string) => client.post<ComplaintView>(`/complaints/${id}/reopen`, { reason }),
    myQuality: () => client.get<QualityBreakdown>('/quality/me'),
  }
}

export type QualityApi = ReturnType<typeof createQualityApi>
export const qualityApi = createQualityApi(api)
