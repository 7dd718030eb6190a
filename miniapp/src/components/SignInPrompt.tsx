import { Text, View } from '@tarojs/components'
import { navigateTo, ROUTES } from '@/platform/navigation'
import { Button } from '@/ui/Button'

/** Shown instead of a customer page when nobody (or not a customer) is signed in. */
export function SignInPrompt({ message = '登录后查看', engineer = false }: { message?: string; engineer?: boolean }) {
  return (
    <View className='card sign-in-prompt'>
      <Text className='muted sign-in-prompt__text'>{message}</Text>
      <Button type='primary' block onClick={() => navigateTo(engineer ? ROUTES.engineerHome : ROUTES.login)}>
        {engineer ? '工程师登录' : '登录'}
      </Button>
    </View>
  )
}
