import { Types } from 'mongoose';
import { isWastedTripFeeItem, surchargeRefusals, type QuoteBody, type SurchargeLine } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import type { Clock } from '../../../lib/clock';
import { engineerFields } from '../../network/reads';
import { getSettings } from '../../settings/service';
import { assertUploadsForOrder } from '../../uploads/service';
import type { CatalogItemRecord } from '../../catalog/model';
import type { OrderRecord } from '../model';

/**
 * Issue 19: the surcharges of a quote obey the conditions the catalogue states (the shared rule `surchargeRefusals`):
 * the night fee only in a night window, the remote fee only in a district the platform marked remote, the urgent fee
 * only on an urgent order, the height-work fee only once the engineer marked the order as height work with a site photo
 * and holds the certificate valid on the slot, an inspection fee waived when repair labour is charged, and never the
 * wasted-trip fee (charged only by the no-show protocol). A quote
 * breaking any is refused (422 `surcharge_not_allowed`, each line named by its path and reason) and changes nothing.
 *
 * Returns the height-work mark to store: the one the quote brings (its photo must be a report photo of this order),
 * else the one the order already has.
 */
export async function checkSurcharges(
  clock: Clock,
  order: OrderRecord,
  body: QuoteBody,
  lines: Array<{ input: QuoteBody['items'][number]; item: CatalogItemRecord | null }>,
): Promise<OrderRecord['heightWork']> {
  let heightWork = order.heightWork ?? null;
  if (body.heightWorkPhotoId) {
    await assertUploadsForOrder(String(order._id), [{ kind: 'report_photo', ids: [body.heightWorkPhotoId], path: 'heightWorkPhotoId' }]);
    heightWork = { photoId: new Types.ObjectId(body.heightWorkPhotoId), markedAt: clock.now() };
  }
  const checked: SurchargeLine[] = lines.map(({ input, item }) =>
    item
      ? { code: item.code, name: item.name, kind: item.kind, offCatalogue: false, condition: item.condition ?? null, waivedWithRepair: item.waivedWithRepair === true }
      : { code: null, name: input.offCatalogue ? input.name : '', kind: input.offCatalogue ? input.kind : 'fee', offCatalogue: true },
  );
  // Only what a condition needs is read: most quotes carry no conditional line.
  if (!checked.some((l) => l.condition || l.waivedWithRepair || (!l.offCatalogue && isWastedTripFeeItem(l)))) return heightWork;
  const [settings, engineer] = await Promise.all([
    getSettings(),
    order.engineerId ? engineerFields(order.engineerId, 'certificates') : null,
  ]);
  const refusals = surchargeRefusals(checked, {
    window: order.slot.window,
    urgent: order.urgent === true,
    districtCode: order.contact.districtCode,
    districtRemote: settings.remoteDistrictCodes.includes(order.contact.districtCode),
    heightWork: heightWork ? { photo: true } : null,
    certificates: engineer?.certificates ?? [],
    validUntil: order.slot.endAt,
  });
  if (refusals.length) {
    throw new AppError('surcharge_not_allowed', refusals.map((r) => r.reason).join('；'), {
      fields: refusals.map((r) => ({ path: `items.${r.index}.code`, message: r.reason })),
    });
  }
  return heightWork;
}
