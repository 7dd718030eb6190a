import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { consentOutdatedMessage, currentConsent, PRIVACY_POLICY, policyVersionLabel } from '@fangxin/shared'
import { ApiError } from '@/services/api-client'

// The page talks to the auth service and navigation; both are replaced so the test watches what the page does with
// their answers. (The service itself is tested against a real HTTP server in services/__tests__/auth.spec.ts.)
const auth = vi.hoisted(() => ({ sendOtp: vi.fn(), loginWithOtp: vi.fn(), loginWithWechat: vi.fn() }))
const navigation = vi.hoisted(() => ({ backOrHome: vi.fn() }))
vi.mock('@/services/auth', () => auth)
vi.mock('@/platform/navigation', () => navigation)

const { default: LoginPage } = await import('../index')
const { WechatLogin } = await import('../WechatLogin')

/** Renders the page and waits for Taro's input web components to put their <input> elements in place. */
async function renderPage() {
  render(<LoginPage />)
  await waitFor(() => {
    expect(document.querySelector('input[name="phone"]')).not.toBeNull()
    expect(document.querySelector('input[name="code"]')).not.toBeNull()
  })
}

function typeInto(name: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`input[name="${name}"]`)
  if (!input) throw new Error(`no input named ${name}`)
  fireEvent.input(input, { target: { value } })
}

/** Ticks 我已阅读并同意《用户协议》《隐私政策》 (sign-in is disabled until then). */
function agree() {
  fireEvent.click(screen.getByText('我已阅读并同意'))
}

/** Lets pending promises (the mocked service calls) settle inside act. */
async function settle() {
  await act(async () => {
    await Promise.resolve()
  })
}

beforeEach(() => {
  vi.clearAllMocks()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('login page (H5: phone and SMS code)', () => {
  it('shows the brand, the phone and code fields, 获取验证码 and 登录', async () => {
    await renderPage()

    expect(screen.getByText('放心服务')).toBeTruthy()
    expect(screen.getByText('手机号')).toBeTruthy()
    expect(screen.getByText('验证码')).toBeTruthy()
    expect(document.querySelector('input[name="phone"]')).not.toBeNull()
    expect(document.querySelector('input[name="code"]')).not.toBeNull()
    expect(screen.getByText('获取验证码')).toBeTruthy()
    expect(screen.getByText('登录')).toBeTruthy()
    expect(screen.queryByText('微信一键登录')).toBeNull()
  })

  it('checks the phone number with the shared schema before asking for a code', async () => {
    await renderPage()
    typeInto('phone', '12345')

    fireEvent.click(screen.getByText('获取验证码'))
    await settle()

    expect(screen.getByText('请输入 11 位手机号')).toBeTruthy()
    expect(auth.sendOtp).not.toHaveBeenCalled()
  })

  it('tells an 11-digit number that is not a mobile number apart from a wrong length', async () => {
    await renderPage()
    typeInto('phone', '23800000001')

    fireEvent.click(screen.getByText('获取验证码'))
    await settle()

    expect(screen.getByText(/^手机号应以 1 开头/)).toBeTruthy()
    expect(screen.queryByText('请输入 11 位手机号')).toBeNull()
    expect(auth.sendOtp).not.toHaveBeenCalled()
  })

  it('sends the code, counts down 60 seconds and shows the development code', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    auth.sendOtp.mockResolvedValue({ sent: true, expiresInSeconds: 300, resendAfterSeconds: 60, devCode: '123456' })
    await renderPage()
    typeInto('phone', '13800000001')

    fireEvent.click(screen.getByText('获取验证码'))
    await settle()

    expect(auth.sendOtp).toHaveBeenCalledWith({ phone: '13800000001' })
    expect(screen.getByText('60 秒后重发')).toBeTruthy()
    expect(screen.getByText('开发环境验证码：123456')).toBeTruthy()
    expect(screen.getByText('验证码已发送至 138****0001')).toBeTruthy()

    // The button is disabled while counting: a click does not send again.
    fireEvent.click(screen.getByText('60 秒后重发'))
    await settle()
    expect(auth.sendOtp).toHaveBeenCalledTimes(1)

    act(() => vi.advanceTimersByTime(1000))
    expect(screen.getByText('59 秒后重发')).toBeTruthy()
    act(() => vi.advanceTimersByTime(59_000))
    expect(screen.getByText('重新获取')).toBeTruthy()
  })

  it('on 429 shows the message and counts down the wait the server asked for', async () => {
    auth.sendOtp.mockRejectedValue(
      new ApiError({ id: 'too_many_requests', message: '请求过于频繁，请稍后再试', status: 429, retryAfterSeconds: 42 }),
    )
    await renderPage()
    typeInto('phone', '13800000001')

    fireEvent.click(screen.getByText('获取验证码'))
    await settle()

    expect(screen.getByText('请求过于频繁，请稍后再试')).toBeTruthy()
    expect(screen.getByText('42 秒后重发')).toBeTruthy()
  })

  it('puts a server field error next to the field it names', async () => {
    auth.sendOtp.mockRejectedValue(
      new ApiError({
        id: 'validation_failed',
        message: '请求参数有误',
        status: 400,
        fields: [{ path: 'phone', message: '该号码无法接收短信' }],
      }),
    )
    await renderPage()
    typeInto('phone', '13800000001')

    fireEvent.click(screen.getByText('获取验证码'))
    await settle()

    const message = screen.getByText('该号码无法接收短信')
    expect(message.className).toContain('field-error')
    expect(message.parentElement?.textContent).toContain('手机号')
    expect(screen.queryByText('请求参数有误')).toBeNull()
  })

  it('shows a wrong code under the code field and stays on the page', async () => {
    auth.loginWithOtp.mockRejectedValue(new ApiError({ id: 'invalid_code', message: '验证码错误或已过期', status: 401 }))
    await renderPage()
    typeInto('phone', '13800000001')
    typeInto('code', '000000')
    agree()

    fireEvent.click(screen.getByText('登录'))
    await settle()

    expect(auth.loginWithOtp).toHaveBeenCalledWith({ phone: '13800000001', code: '000000', consent: currentConsent() })
    const message = screen.getByText('验证码错误或已过期')
    expect(message.parentElement?.textContent).toContain('验证码')
    expect(navigation.backOrHome).not.toHaveBeenCalled()
  })

  it('asks for a 6-digit code before calling the server', async () => {
    await renderPage()
    typeInto('phone', '13800000001')
    typeInto('code', '12')
    agree()

    fireEvent.click(screen.getByText('登录'))
    await settle()

    expect(screen.getByText('请输入 6 位验证码')).toBeTruthy()
    expect(auth.loginWithOtp).not.toHaveBeenCalled()
  })

  it('keeps 登录 disabled until the agreement and privacy policy are accepted, and shows both texts', async () => {
    await renderPage()
    typeInto('phone', '13800000001')
    typeInto('code', '123456')

    fireEvent.click(screen.getByText('登录'))
    await settle()
    expect(auth.loginWithOtp).not.toHaveBeenCalled()

    fireEvent.click(screen.getByText('《隐私政策》'))
    await settle()
    expect(screen.getByText(PRIVACY_POLICY.paragraphs[0]!)).toBeTruthy()
    expect(screen.getByText(policyVersionLabel(PRIVACY_POLICY.version))).toBeTruthy()
    expect(PRIVACY_POLICY.paragraphs.join('')).toMatch(/手机号.*地址.*家电.*照片/)

    agree()
    fireEvent.click(screen.getByText('登录'))
    await settle()
    expect(auth.loginWithOtp).toHaveBeenCalledTimes(1)
  })

  it('shows the server’s word when the agreement it was sent is no longer current', async () => {
    const message = consentOutdatedMessage('privacyPolicy')
    auth.loginWithOtp.mockRejectedValue(
      new ApiError({ id: 'validation_failed', message: '请求参数有误', status: 400, fields: [{ path: 'consent.privacyPolicy', message }] }),
    )
    await renderPage()
    typeInto('phone', '13800000001')
    typeInto('code', '123456')
    agree()

    fireEvent.click(screen.getByText('登录'))
    await settle()

    expect(screen.getByText(message)).toBeTruthy()
    expect(screen.queryByText('请求参数有误')).toBeNull()
    expect(navigation.backOrHome).not.toHaveBeenCalled()
  })

  it('goes back to where the user came from after signing in', async () => {
    auth.loginWithOtp.mockResolvedValue({ id: '64b7f0c2a1b2c3d4e5f60718', role: 'customer', name: '客户', outletId: null, outletName: null })
    await renderPage()
    typeInto('phone', '13800000001')
    typeInto('code', '123456')
    agree()

    fireEvent.click(screen.getByText('登录'))
    await settle()

    expect(navigation.backOrHome).toHaveBeenCalledTimes(1)
  })
})

// The weapp build renders this instead of the form (process.env.TARO_ENV is 'h5' in tests, so it is mounted directly).
describe('WeChat one-tap sign-in', () => {
  it('signs in with wx.login and hands the user on', async () => {
    const user = { id: '64b7f0c2a1b2c3d4e5f60718', role: 'customer', name: '微信用户', outletId: null, outletName: null }
    auth.loginWithWechat.mockResolvedValue(user)
    const onSignedIn = vi.fn()
    render(<WechatLogin onSignedIn={onSignedIn} />)
    agree()

    fireEvent.click(screen.getByText('微信一键登录'))
    await settle()

    expect(auth.loginWithWechat).toHaveBeenCalledWith(currentConsent())
    expect(onSignedIn).toHaveBeenCalledWith(user)
  })

  it('shows why sign-in failed', async () => {
    auth.loginWithWechat.mockRejectedValue(new ApiError({ id: 'wechat_login_failed', message: '微信登录失败，请重试', status: 401 }))
    const onSignedIn = vi.fn()
    render(<WechatLogin onSignedIn={onSignedIn} />)
    agree()

    fireEvent.click(screen.getByText('微信一键登录'))
    await settle()

    expect(screen.getByText('微信登录失败，请重试')).toBeTruthy()
    expect(onSignedIn).not.toHaveBeenCalled()
  })
})
