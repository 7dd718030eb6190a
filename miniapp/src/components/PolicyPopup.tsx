import { ScrollView, Text } from '@tarojs/components'
import { policyVersionLabel, type PolicyText } from '@fangxin/shared'
import { Popup } from '@/ui/Popup'
import './PolicyPopup.scss'

/**
 * The user agreement or the privacy policy (shared domain/consent) in a bottom sheet, with the version the customer
 * agrees to: on the sign-in page before agreeing, and from 我的 at any time afterwards.
 */
export function PolicyPopup({ policy, onClose }: { policy: PolicyText | null; onClose: () => void }) {
  return (
    <Popup visible={policy !== null} position='bottom' round closeable title={policy?.title} onClose={onClose}>
      <ScrollView scrollY className='policy-popup'>
        {policy ? <Text className='policy-popup__version'>{policyVersionLabel(policy.version)}</Text> : null}
        {policy?.paragraphs.map((p) => (
          <Text key={p} className='policy-popup__paragraph'>
            {p}
          </Text>
        ))}
      </ScrollView>
    </Popup>
  )
}
