import { act, fireEvent, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { MaintenanceView } from '@fangxin/shared'

const maintenance = vi.hoisted(() => ({ maintenanceApi: { mine: vi.fn(), setPref: vi.fn(async () => ({})) } }))
const navigation = vi.hoisted(() => ({ navigateTo: vi.fn() }))
const subscribe = vi.hoisted(() => ({ askSubscribe: vi.fn(async () => 'skipped') }))
vi.mock('@/services/maintenance', () => maintenance)
vi.mock('@/platform/navigation', () => navigation)
vi.mock('@/platform/toast', () => ({ toast: vi.fn(), toastSuccess: vi.fn() }))
vi.mock('@/services/subscribe', () => subscribe)

const { MaintenanceRow } = await import('../MaintenanceRow')

const DUE: MaintenanceView = {
  applianceId: '64b7f0c2a1b2c3d4e5f60003',
  rule: 'ac_cleaning',
  ruleName: '空调清洗',
  category: 'air_conditioner',
  serviceType: 'cleaning',
  enabled: true,
  on: true,
  snoozedUntil: null,
  since: '2025-05-01',
  basis: 'purchase',
  dueOn: '2026-05-15',
  remindOn: '2026-05-01',
  state: 'due',
  lastRemindedAt: null,
  text: '下次保养 2026年5月15日',
  bookingPath: 'packages/customer/pages/booking/index?applianceId=64b7f0c2a1b2c3d4e5f60003&category=air_conditioner&serviceType=cleaning',
}
const settle = () => act(async () => {
  await Promise.resolve()
  await Promise.resolve()
})

beforeEach(() => vi.clearAllMocks())

describe('我的家电: maintenance (issue 20.3)', () => {
  it('says when the appliance is next due and books the care with the appliance and service chosen', async () => {
    render(<MaintenanceRow item={DUE} onChanged={vi.fn()} />)
    expect(screen.getByText('空调清洗')).toBeTruthy()
    expect(screen.getByTestId('maintenance-row').textContent).toContain('下次保养 2026年5月15日')
    fireEvent.click(screen.getByText('预约保养'))
    expect(navigation.navigateTo).toHaveBeenCalledWith(`/${DUE.bookingPath}`)
  })

  it('snoozes for 30 days, and turns the reminder off with the switch', async () => {
    const changed = vi.fn()
    render(<MaintenanceRow item={DUE} onChanged={changed} />)
    fireEvent.click(screen.getByText('稍后提醒'))
    await settle()
    expect(maintenance.maintenanceApi.setPref).toHaveBeenCalledWith(DUE.applianceId, { snoozeDays: 30 })
    fireEvent.click(document.querySelector('.nut-switch')!)
    await settle()
    expect(maintenance.maintenanceApi.setPref).toHaveBeenLastCalledWith(DUE.applianceId, { on: false })
    expect(subscribe.askSubscribe).not.toHaveBeenCalled()
    expect(changed).toHaveBeenCalledTimes(2)
  })

  it('asks for the WeChat reminder consent when the reminder is turned on; not due yet: no booking button', async () => {
    render(<MaintenanceRow item={{ ...DUE, on: false, state: 'later', text: '提醒已关闭' }} onChanged={vi.fn()} />)
    expect(screen.queryByText('预约保养')).toBeNull()
    fireEvent.click(document.querySelector('.nut-switch')!)
    await settle()
    expect(subscribe.askSubscribe).toHaveBeenCalledWith('maintenance')
    expect(maintenance.maintenanceApi.setPref).toHaveBeenCalledWith(DUE.applianceId, { on: true })
  })
})
