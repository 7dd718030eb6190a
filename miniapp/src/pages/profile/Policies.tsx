import { useState } from 'react'
import { POLICY_DOCUMENT_KEYS, POLICY_DOCUMENTS, policyVersionLabel, type PolicyText } from '@fangxin/shared'
import { PolicyPopup } from '@/components/PolicyPopup'
import { useAsync } from '@/hooks/useAsync'
import { myConsents } from '@/services/auth'
import { Cell, CellGroup } from '@/ui/Cell'
import { Words } from '@/ui/Words'
import { dateTime } from '@/utils/format'

/**
 * 用户协议 and 隐私政策 (shared domain/consent), readable from 我的 at any time; a signed-in customer also sees when
 * they agreed to the version in force (the server keeps each agreement, GET /me/consents).
 */
export function Policies({ customer }: { customer: boolean }) {
  const [reading, setReading] = useState<PolicyText | null>(null)
  const consents = useAsync(() => (customer ? myConsents() : Promise.resolve({ items: [] })), [customer])
  return (
    <CellGroup title='协议与隐私'>
      {POLICY_DOCUMENT_KEYS.map((key) => {
        const policy = POLICY_DOCUMENTS[key]
        const agreed = consents.data?.items.find((c) => c.document === key && c.version === policy.version)
        return (
          <Cell
            key={key}
            title={`《${policy.title}》`}
            description={<Words text={agreed ? `${policyVersionLabel(policy.version)}，您于 ${dateTime(agreed.acceptedAt)} 同意` : policyVersionLabel(policy.version)} />}
            extra='›'
            onClick={() => setReading(policy)}
          />
        )
      })}
      <PolicyPopup policy={reading} onClose={() => setReading(null)} />
    </CellGroup>
  )
}
