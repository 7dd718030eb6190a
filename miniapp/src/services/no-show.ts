import { api as contract, type NobodyHomeBody, type RescheduleProposalBody } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/** Issue 20.1: the customer-not-home protocol and rescheduling by agreement after the engineer set off. */
export function createNoShowApi(client: ApiClient) {
  const order = (id: string) => ({ params: { id } })
  return {
    nobodyHome: (id: string, body: NobodyHomeBody) => client.call(contract.noShow.nobodyHome, { ...order(id), body }),
    answerDoor: (id: string) => client.call(contract.noShow.answerDoor, order(id)),
    endNoShow: (id: string) => client.call(contract.noShow.endNoShow, order(id)),
    rebook: (id: string, slot: RescheduleProposalBody['slot']) => client.call(contract.noShow.rebook, { ...order(id), body: { slot } }),
    propose: (id: string, slot: RescheduleProposalBody['slot']) => client.call(contract.noShow.propose, { ...order(id), body: { slot } }),
    accept: (id: string) => client.call(contract.noShow.acceptProposal, order(id)),
    decline: (id: string, reason = '') => client.call(contract.noShow.declineProposal, { ...order(id), body: { reason } }),
  }
}

export const noShowApi = createNoShowApi(api)
