import { api as contract, noShowBookingNotice, wastedTripFee, type CategoryCode, type PriceList } from '@fangxin/shared'
import { api } from '@/services/api'
import { catalogApi } from '@/services/catalog'

/**
 * Issue 20.1 at booking: what happens if nobody is home, as the platform states it — the catalogue's wasted-trip fee
 * for the category (0 when it publishes none; the same shared rule the server records the order's terms with) and
 * the engineer's wait at the door (the `noShowWaitMinutes` setting). The booking sends exactly the fee shown.
 */
export interface NoShowTerms {
  feeFen: number
  waitMinutes: number
  notice: string
}

/** The fee of a price list for a category: the server's rule over the catalogue's items. */
export function feeOf(list: Pick<PriceList, 'groups'>, category: CategoryCode): number {
  return wastedTripFee(list.groups.flatMap((g) => g.items), category)?.priceFen ?? 0
}

export async function noShowTerms(category: CategoryCode): Promise<NoShowTerms> {
  // By category only: the server looks the fee up the same way, whatever the service.
  const [list, settings] = await Promise.all([catalogApi.priceList({ category }), api.call(contract.settings.get)])
  const feeFen = feeOf(list, category)
  return { feeFen, waitMinutes: settings.noShowWaitMinutes, notice: noShowBookingNotice(feeFen, settings.noShowWaitMinutes) }
}
