import type { ApplianceView } from '@fangxin/shared'
import { Tag } from '@/ui/Tag'

/** 保修期内 · 至 2026-06-17 / 已过保: the manufacturer warranty the server worked out for this appliance. */
export function WarrantyTag({ appliance }: { appliance: ApplianceView }) {
  const { inWarranty, expiresOn } = appliance.warranty
  return inWarranty ? <Tag type='success'>保修期内 · 至 {expiresOn}</Tag> : <Tag type='default'>已过保（{expiresOn} 到期）</Tag>
}
