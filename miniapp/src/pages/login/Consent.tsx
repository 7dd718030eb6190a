import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { PRIVACY_POLICY, USER_AGREEMENT, type PolicyText } from '@fangxin/shared'
import { Checkbox } from '@/ui/Checkbox'
import { PolicyPopup } from '@/components/PolicyPopup'

/**
 * 我已阅读并同意《用户协议》《隐私政策》: sign-in stays disabled until the customer ticks it. Each title opens the
 * text (shared domain/consent, with the version the sign-in sends) in a popup. It starts unticked on every visit: a
 * customer agrees to the current versions at each sign-in, so after a change of wording they read and agree again.
 */
export function Consent({ agreed, onChange }: { agreed: boolean; onChange: (agreed: boolean) => void }) {
  const [reading, setReading] = useState<PolicyText | null>(null)
  return (
    <View className='consent'>
      <Checkbox className='consent__box' checked={agreed} onChange={onChange} aria-label='同意用户协议和隐私政策' />
      <View className='consent__text'>
        <Text onClick={() => onChange(!agreed)}>我已阅读并同意</Text>
        <Text className='consent__link' onClick={() => setReading(USER_AGREEMENT)}>
          《{USER_AGREEMENT.title}》
        </Text>
        <Text className='consent__link' onClick={() => setReading(PRIVACY_POLICY)}>
          《{PRIVACY_POLICY.title}》
        </Text>
      </View>
      <PolicyPopup policy={reading} onClose={() => setReading(null)} />
    </View>
  )
}
