/**
 * S5 and S8: what the customer pays for one quote line. One rule for the server (which prices every quote) and the
 * engineer's preview.
 *
 * - A free second visit (the same fault, within the warranty of the first repair) costs the customer nothing: every
 *   price-list line is covered, fees included.
 * - Otherwise, a price-list line the category's policy marks as covered by the appliance's warranty is free while
 *   the appliance is in warranty.
 * - A line outside the price list is never covered: it is a separate, named charge with a reason, shown flagged and
 *   confirmed by the customer with the quote (also on a second visit).
 */
export type LineCoverage = 'appliance_warranty' | 'rework' | null;

export interface PricingContext {
  /** The appliance is within its manufacturer's warranty. */
  inWarranty: boolean;
  /** The order is a free second visit. */
  isRework: boolean;
}

export interface PricedLineInput {
  offCatalogue: boolean;
  /** From the price list; ignored for lines outside it. */
  coveredByApplianceWarranty?: boolean;
  unitPriceFen: number;
  quantity: number;
}

export function lineCoverage(line: Pick<PricedLineInput, 'offCatalogue' | 'coveredByApplianceWarranty'>, ctx: PricingContext): LineCoverage {
  if (line.offCatalogue) return null;
  if (ctx.isRework) return 'rework';
  if (ctx.inWarranty && line.coveredByApplianceWarranty) return 'appliance_warranty';
  return null;
}

export function priceLine(line: PricedLineInput, ctx: PricingContext): { coveredBy: LineCoverage; chargedUnitFen: number; amountFen: number } {
  const coveredBy = lineCoverage(line, ctx);
  const chargedUnitFen = coveredBy ? 0 : line.unitPriceFen;
  return { coveredBy, chargedUnitFen, amountFen: chargedUnitFen * line.quantity };
}

/** What the engineer's quote page says the customer pays on this order. */
export function pricingNotice(ctx: PricingContext): string {
  if (ctx.isRework) return '免费二次上门：价目表内的项目全部免费；价目表外的项目须写明原因，经客户确认后单独收费。';
  if (ctx.inWarranty) return '家电在保修期内：标注“保内免费”的项目不收费。';
  return '家电已过保：按价目表收费。';
}
