import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { currentConsent, type SessionUser } from '@fangxin/shared'
import { loginWithWechat } from '@/services/auth'
import { Button } from '@/ui/Button'
import { toFormErrors } from '@/utils/form-errors'
import { Consent } from './Consent'

/** Mini-program sign-in: wx.login gives a code, the server turns it into the customer's account. */
export function WechatLogin({ onSignedIn }: { onSignedIn: (user: SessionUser) => void }) {
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [agreed, setAgreed] = useState(false)

  async function handleLogin() {
    setLoading(true)
    setError(null)
    try {
      onSignedIn(await loginWithWechat(currentConsent()))
    } catch (err) {
      const { fields, message } = toFormErrors(err, ['consent', 'consent.userAgreement', 'consent.privacyPolicy'])
      setError(Object.values(fields)[0] ?? message)
    } finally {
      setLoading(false)
    }
  }

  return (
    <View className='card wechat-login'>
      <Text className='muted wechat-login__tip'>使用微信账号登录，无需输入手机号</Text>
      <Consent agreed={agreed} onChange={setAgreed} />
      <Button type='primary' size='large' block disabled={!agreed} loading={loading} onClick={handleLogin}>
        微信一键登录
      </Button>
      {error ? <Text className='form-error'>{error}</Text> : null}
    </View>
  )
}
