import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { PRIVACY_POLICY, policyVersionLabel, USER_AGREEMENT } from '@fangxin/shared'

// 我的 → 协议与隐私: the two documents, readable at any time, and for a customer the day they agreed to the version in force.
const auth = vi.hoisted(() => ({ myConsents: vi.fn() }))
vi.mock('@/services/auth', () => auth)

const { Policies } = await import('../Policies')

async function settle() {
  await act(async () => {
    await Promise.resolve()
  })
}

describe('协议与隐私 on the profile page', () => {
  beforeEach(() => auth.myConsents.mockReset())

  it('opens each document with its version, signed out too, without asking the server', async () => {
    render(<Policies customer={false} />)
    await settle()
    expect(auth.myConsents).not.toHaveBeenCalled()
    fireEvent.click(screen.getByText(`《${USER_AGREEMENT.title}》`))
    await settle()
    expect(screen.getByText(USER_AGREEMENT.paragraphs[0]!)).toBeTruthy()
    expect(screen.getAllByText(policyVersionLabel(USER_AGREEMENT.version)).length).toBeGreaterThan(0)
  })

  it('tells a customer when they agreed to the current version, and not for an older one', async () => {
    auth.myConsents.mockResolvedValue({
      items: [
        { document: 'privacyPolicy', version: PRIVACY_POLICY.version, acceptedAt: '2026-12-07T06:05:00.000Z', channel: 'otp' },
        { document: 'userAgreement', version: '2025-01-01', acceptedAt: '2025-01-02T02:00:00.000Z', channel: 'otp' },
      ],
    })
    render(<Policies customer />)
    await waitFor(() => expect(document.body.textContent).toContain(`${policyVersionLabel(PRIVACY_POLICY.version)}，您于 2026-12-07 14:05 同意`))
    expect(screen.queryByText(/2025-01-02/)).toBeNull()
  })
})
