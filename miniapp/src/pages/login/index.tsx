import { Text, View } from '@tarojs/components'
import { backOrHome } from '@/platform/navigation'
import { OtpLoginForm } from './OtpLoginForm'
import { WechatLogin } from './WechatLogin'
import './index.scss'

/** WeChat builds sign in with wx.login; H5 (and development in a browser) with phone and SMS code. */
export default function LoginPage() {
  const onSignedIn = () => backOrHome()
  return (
    <View className='page login-page'>
      <View className='login-page__brand'>
        <Text className='login-page__title'>放心服务</Text>
        <Text className='login-page__subtitle'>登录后即可预约上门、查看工单进度</Text>
      </View>
      {process.env.TARO_ENV === 'weapp' ? (
        <WechatLogin onSignedIn={onSignedIn} />
      ) : (
        <OtpLoginForm onSignedIn={onSignedIn} />
      )}
    </View>
  )
}
