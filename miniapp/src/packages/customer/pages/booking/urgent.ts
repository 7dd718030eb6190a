import { api as contract, type CategoryCode, type PriceList, type ServiceTypeCode } from '@fangxin/shared'
import { api } from '@/services/api'
import { catalogApi } from '@/services/catalog'

/**
 * Issue 19: what marking a fault urgent means for this booking, as the platform states it: the urgent fee of the
 * published price list for the category and service (null when the list has none) and the shorter respond clock
 * (the `urgentRespondHours` setting).
 */
export interface UrgentOffer {
  feeFen: number | null
  respondHours: number
}

/** The price list's urgent fee for a service: an active fee whose condition is `urgent`. */
export function urgentFee(list: Pick<PriceList, 'groups'>): number | null {
  const fee = list.groups.flatMap((g) => g.items).find((i) => i.kind === 'fee' && i.active && i.condition?.kind === 'urgent')
  return fee ? fee.priceFen : null
}

export async function urgentOffer(category: CategoryCode, serviceType: ServiceTypeCode): Promise<UrgentOffer> {
  const [list, settings] = await Promise.all([catalogApi.priceList({ category, serviceType }), api.call(contract.settings.get)])
  return { feeFen: urgentFee(list), respondHours: settings.urgentRespondHours }
}

/** The switch's words: 优先派单，4 小时内接单响应，另收加急服务费 ¥50.00. */
export function urgentText(offer: UrgentOffer, yuan: (fen: number) => string): string {
  return `优先派单，${offer.respondHours} 小时内接单响应${offer.feeFen ? `，另收加急服务费 ${yuan(offer.feeFen)}` : '，不另收费'}`
}
