import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { currentConsent, LIMITS, maskPhone, OtpLoginBody, OtpSendBody, type SessionUser } from '@fangxin/shared'
import { FormField } from '@/components/FormField'
import { useCountdown } from '@/hooks/useCountdown'
import { isApiError } from '@/services/api-client'
import { loginWithOtp, sendOtp } from '@/services/auth'
import { Button } from '@/ui/Button'
import { Input } from '@/ui/Input'
import { issuesToFieldErrors, NO_ERRORS, toFormErrors, type FormErrors } from '@/utils/form-errors'
import { Consent } from './Consent'

const FIELDS = ['phone', 'code', 'consent', 'consent.userAgreement', 'consent.privacyPolicy'] as const

/** The server's word on the agreement (not given, or given to a version that is no longer current). */
const consentError = (errors: FormErrors) => errors.fields.consent ?? errors.fields['consent.userAgreement'] ?? errors.fields['consent.privacyPolicy']

/** H5 sign-in: phone number and a one-time SMS code. */
export function OtpLoginForm({ onSignedIn }: { onSignedIn: (user: SessionUser) => void }) {
  const [phone, setPhone] = useState('')
  const [code, setCode] = useState('')
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [sentTo, setSentTo] = useState<string | null>(null)
  const [devCode, setDevCode] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [agreed, setAgreed] = useState(false)
  const countdown = useCountdown()

  async function handleSend() {
    const parsed = OtpSendBody.safeParse({ phone })
    if (!parsed.success) {
      setErrors({ fields: issuesToFieldErrors(parsed.error.issues), message: null })
      return
    }
    setErrors(NO_ERRORS)
    setSending(true)
    try {
      const res = await sendOtp(parsed.data)
      countdown.start(res.resendAfterSeconds)
      setSentTo(parsed.data.phone)
      setDevCode(res.devCode ?? null)
    } catch (err) {
      // 429: the server says how long to wait; the button counts it down.
      if (isApiError(err) && err.retryAfterSeconds) countdown.start(err.retryAfterSeconds)
      setErrors(toFormErrors(err, FIELDS))
    } finally {
      setSending(false)
    }
  }

  async function handleLogin() {
    const parsed = OtpLoginBody.safeParse({ phone, code, consent: currentConsent() })
    if (!parsed.success) {
      setErrors({ fields: issuesToFieldErrors(parsed.error.issues), message: null })
      return
    }
    setErrors(NO_ERRORS)
    setSubmitting(true)
    try {
      onSignedIn(await loginWithOtp(parsed.data))
    } catch (err) {
      setErrors(toFormErrors(err, FIELDS, { invalid_code: 'code', code_attempts_exceeded: 'code' }))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <View className='card otp-form'>
      <FormField label='手机号' error={errors.fields.phone}>
        <Input
          className='otp-form__input'
          name='phone'
          type='number'
          maxLength={11}
          placeholder='请输入手机号'
          value={phone}
          onChange={setPhone}
        />
      </FormField>
      <FormField label='验证码' error={errors.fields.code}>
        <View className='otp-form__code-row'>
          <Input
            className='otp-form__input otp-form__code'
            name='code'
            type='number'
            maxLength={LIMITS.otpLength}
            placeholder={`${LIMITS.otpLength} 位验证码`}
            value={code}
            onChange={setCode}
          />
          <Button
            className='otp-form__send'
            size='small'
            type='primary'
            fill='outline'
            disabled={countdown.running || sending}
            loading={sending}
            onClick={handleSend}
          >
            {countdown.running ? `${countdown.remaining} 秒后重发` : sentTo ? '重新获取' : '获取验证码'}
          </Button>
        </View>
        {sentTo ? <Text className='muted otp-form__sent'>验证码已发送至 {maskPhone(sentTo)}</Text> : null}
        {devCode ? <Text className='dev-hint'>开发环境验证码：{devCode}</Text> : null}
      </FormField>
      {errors.message ? <Text className='form-error'>{errors.message}</Text> : null}
      <Consent agreed={agreed} onChange={setAgreed} />
      {consentError(errors) ? <Text className='form-error'>{consentError(errors)}</Text> : null}
      <Button className='otp-form__submit' type='primary' size='large' block disabled={!agreed} loading={submitting} onClick={handleLogin}>
        登录
      </Button>
    </View>
  )
}
