import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { LIMITS, StaffLoginBody, type SessionUser } from '@fangxin/shared'
import { FormField } from '@/components/FormField'
import { logout, staffLogin } from '@/services/auth'
import { Button } from '@/ui/Button'
import { Input } from '@/ui/Input'
import { issuesToFieldErrors, NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'

const FIELDS = ['username', 'password'] as const

/** Engineers sign in with the username and password their outlet gave them. */
export function StaffLoginForm({ onSignedIn }: { onSignedIn?: (user: SessionUser) => void }) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [submitting, setSubmitting] = useState(false)

  async function handleLogin() {
    const parsed = StaffLoginBody.safeParse({ username, password })
    if (!parsed.success) {
      setErrors({ fields: issuesToFieldErrors(parsed.error.issues), message: null })
      return
    }
    setErrors(NO_ERRORS)
    setSubmitting(true)
    try {
      const user = await staffLogin(parsed.data)
      if (user.role !== 'engineer') {
        // Managers and admins work in the admin dashboard; engineer mode would show them nothing of theirs.
        await logout()
        setErrors({ fields: {}, message: '工程师模式仅限工程师账号，网点经理和管理员请使用管理后台' })
        return
      }
      onSignedIn?.(user)
    } catch (err) {
      setErrors(toFormErrors(err, FIELDS))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <View className='card staff-login'>
      <Text className='card-title'>工程师登录</Text>
      <FormField label='用户名' error={errors.fields.username}>
        <Input
          className='staff-login__input'
          name='username'
          maxLength={LIMITS.usernameMax}
          placeholder='请输入用户名'
          value={username}
          onChange={setUsername}
        />
      </FormField>
      <FormField label='密码' error={errors.fields.password}>
        <Input
          className='staff-login__input'
          name='password'
          type='password'
          maxLength={LIMITS.passwordMax}
          placeholder='请输入密码'
          value={password}
          onChange={setPassword}
        />
      </FormField>
      {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
      <Button className='staff-login__submit' type='primary' size='large' block loading={submitting} onClick={handleLogin}>
        登录
      </Button>
    </View>
  )
}
