import { lineCoverage, QuoteBody, QuoteItemInput, type CatalogItem, type PricingContext } from '@fangxin/shared'
import { issuesToFieldErrors, type FieldErrors } from '@/utils/form-errors'

/** A catalogue item on the quote: the price is the catalogue's, the engineer only sets the quantity. */
export interface CatalogueLine {
  type: 'catalogue'
  item: CatalogItem
  quantity: number
}

/** S5: an item outside the catalogue is allowed only with a reason, and is flagged to the customer and counted. */
export interface OffCatalogueLine {
  type: 'off'
  name: string
  kind: 'labour' | 'part' | 'fee'
  unit: string
  unitPriceFen: number
  quantity: number
  reason: string
}

export type QuoteLineDraft = CatalogueLine | OffCatalogueLine

/** What decides whether a line is free: the appliance's warranty, and whether this is a free second visit. */
export type Coverage = PricingContext

export const MAX_QUANTITY = 99

export function addCatalogueItem(lines: QuoteLineDraft[], item: CatalogItem): QuoteLineDraft[] {
  const existing = lines.findIndex((l) => l.type === 'catalogue' && l.item.code === item.code)
  if (existing === -1) return [...lines, { type: 'catalogue', item, quantity: 1 }]
  return lines.map((l, i) => (i === existing ? { ...l, quantity: Math.min(MAX_QUANTITY, l.quantity + 1) } : l))
}

export function setQuantity(lines: QuoteLineDraft[], index: number, quantity: number): QuoteLineDraft[] {
  const q = Math.max(1, Math.min(MAX_QUANTITY, Math.round(quantity) || 1))
  return lines.map((l, i) => (i === index ? { ...l, quantity: q } : l))
}

export function removeLine(lines: QuoteLineDraft[], index: number): QuoteLineDraft[] {
  return lines.filter((_, i) => i !== index)
}

/** Whether the customer pays nothing for this line: the server's own rule (lineCoverage in shared). */
export function isFree(line: QuoteLineDraft, coverage: Coverage): boolean {
  return lineCoverage(line.type === 'catalogue' ? { offCatalogue: false, coveredByApplianceWarranty: line.item.coveredByApplianceWarranty } : { offCatalogue: true }, coverage) !== null
}

export function lineUnitFen(line: QuoteLineDraft): number {
  return line.type === 'catalogue' ? line.item.priceFen : line.unitPriceFen
}

/** The total the customer will see, as the server computes it from the catalogue. */
export function estimateTotal(lines: QuoteLineDraft[], coverage: Coverage): number {
  return lines.reduce((sum, l) => sum + (isFree(l, coverage) ? 0 : lineUnitFen(l) * l.quantity), 0)
}

/** Yuan as typed (`120`, `65.5`) → fen; NaN when it is not an amount. */
export function parseYuan(text: string): number {
  const t = text.trim()
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return NaN
  return Math.round(Number(t) * 100)
}

/** The off-catalogue branch of the shared QuoteItemInput, checked on its own so each field gets its own message. */
const OffCatalogueInput = QuoteItemInput.options[1]

/** Checks an off-catalogue line with the shared schema (name, price, quantity, and a reason of 4+ characters). */
export function checkOffCatalogue(input: { name: string; kind: string; unit: string; price: string; quantity: number; reason: string }): { ok: true; line: OffCatalogueLine } | { ok: false; fields: FieldErrors } {
  const unitPriceFen = parseYuan(input.price)
  const parsed = OffCatalogueInput.safeParse({
    offCatalogue: true,
    name: input.name,
    kind: input.kind,
    unit: input.unit || '次',
    unitPriceFen: Number.isNaN(unitPriceFen) ? undefined : unitPriceFen,
    quantity: input.quantity,
    reason: input.reason,
  })
  if (!parsed.success || Number.isNaN(unitPriceFen)) {
    const fields = parsed.success ? {} : issuesToFieldErrors(parsed.error.issues)
    const out: FieldErrors = {}
    if (fields.name) out.name = '请填写项目名称（2-60 字）'
    if (fields.kind) out.kind = '请选择类别'
    if (fields.unit) out.unit = '请填写单位（最多 8 字）'
    if (fields.unitPriceFen || Number.isNaN(unitPriceFen)) out.price = '请输入金额（元），最多两位小数'
    if (fields.quantity) out.quantity = '数量为 1-99'
    if (fields.reason) out.reason = fields.reason
    return { ok: false, fields: out }
  }
  const d = parsed.data
  return { ok: true, line: { type: 'off', name: d.name, kind: d.kind, unit: d.unit, unitPriceFen: d.unitPriceFen, quantity: d.quantity, reason: d.reason } }
}

/** The request body: codes and quantities for catalogue items (the server prices them), full lines for the rest. */
/** Issue 19: whether a line is a surcharge that needs the height-work mark (with its site photo). */
export function needsHeightWorkPhoto(lines: QuoteLineDraft[]): boolean {
  return lines.some((l) => l.type === 'catalogue' && l.item.condition?.kind === 'height_work')
}

export function toQuoteBody(lines: QuoteLineDraft[], heightWorkPhotoId?: string | null): QuoteBody {
  return QuoteBody.parse({
    ...(heightWorkPhotoId ? { heightWorkPhotoId } : {}),
    items: lines.map((l) =>
      l.type === 'catalogue'
        ? { code: l.item.code, quantity: l.quantity }
        : { offCatalogue: true, name: l.name, kind: l.kind, unit: l.unit, unitPriceFen: l.unitPriceFen, quantity: l.quantity, reason: l.reason },
    ),
  })
}
