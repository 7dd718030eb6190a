import { api as contract, type FileComplaintBody, type ReworkBody, type SubmitSurveyBody } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/** The quality loop: satisfaction survey (S7), free second visit (S8), complaints (S9), the engineer's score (S11). */
export function createQualityApi(client: ApiClient) {
  return {
    survey: (orderId: string) => client.call(contract.surveys.ofOrder, { params: { id: orderId } }),
    submitSurvey: (orderId: string, body: SubmitSurveyBody) => client.call(contract.surveys.submit, { params: { id: orderId }, body }),
    rework: (orderId: string, body: ReworkBody) => client.call(contract.orders.rework, { params: { id: orderId }, body }),
    fileComplaint: (orderId: string, body: FileComplaintBody) => client.call(contract.complaints.file, { params: { id: orderId }, body }),
    orderComplaints: (orderId: string) => client.call(contract.complaints.ofOrder, { params: { id: orderId } }),
    myComplaints: () => client.call(contract.complaints.mine, { query: { pageSize: 100 } }),
    complaint: (id: string) => client.call(contract.complaints.get, { params: { id } }),
    acceptComplaint: (id: string) => client.call(contract.complaints.accept, { params: { id } }),
    reopenComplaint: (id: string, reason: string) => client.call(contract.complaints.reopen, { params: { id }, body: { reason } }),
    myQuality: () => client.call(contract.quality.mine),
  }
}

export type QualityApi = ReturnType<typeof createQualityApi>
export const qualityApi = createQualityApi(api)
