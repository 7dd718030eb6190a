import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { orderView } from '../../../../test/orders'

const orders = vi.hoisted(() => ({
  ordersApi: { get: vi.fn(), timeline: vi.fn(), confirmQuote: vi.fn(), rejectQuote: vi.fn(), cancel: vi.fn(), acceptWork: vi.fn(), serviceCode: vi.fn(), reschedule: vi.fn(), availability: vi.fn() },
}))
const quality = vi.hoisted(() => ({ qualityApi: { orderComplaints: vi.fn() } }))
const navigation = vi.hoisted(() => ({ usePageParams: () => ({ id: '64b7f0c2a1b2c3d4e5f60001' }), navigateTo: vi.fn(), ROUTES: { verify: '/verify', receipt: '/receipt', survey: '/survey', rework: '/rework', complaint: '/complaint', order: '/order' } }))
vi.mock('@/services/orders', () => orders)
vi.mock('@/services/quality', () => quality)
vi.mock('@/platform/navigation', () => navigation)
vi.mock('@/platform/toast', () => ({ toast: vi.fn(), toastSuccess: vi.fn() }))

const { default: OrderPage } = await import('../index')

const TIMELINE = {
  events: [{ seq: 1, type: 'dispatched', at: '2026-06-17T10:30:00Z', actor: { id: null, role: 'outlet_manager', name: '林经理' }, data: { engineerId: '64b7f0c2a1b2c3d4e5f60004', engineerName: '陈建国' }, prevHash: '0', hash: '1' }],
  verdict: { valid: true, events: 1, head: '1' },
}

const buttons = () => Array.from(document.querySelectorAll('taro-button-core')).map((b) => b.textContent?.trim())

beforeEach(() => {
  vi.clearAllMocks()
  orders.ordersApi.timeline.mockResolvedValue(TIMELINE)
  quality.qualityApi.orderComplaints.mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 20 })
})

async function show(order = orderView()) {
  orders.ordersApi.get.mockResolvedValue(order)
  render(<OrderPage />)
  await waitFor(() => expect(screen.getByText(`订单号 ${order.orderNo}`)).toBeTruthy())
}

describe('order detail (customer)', () => {
  it('offers exactly the actions the server lists: confirm or reject the quote, cancel', async () => {
    await show()

    expect(buttons()).toEqual(expect.arrayContaining(['确认报价 ¥75.00', '拒绝报价', '取消订单', '核验工程师工作证']))
    expect(buttons()).not.toContain('确认服务完成')
  })

  it('shows none of them when the server lists none', async () => {
    await show(orderView({ status: 'in_service', statusLabel: '服务中', actions: [], quotes: [{ ...orderView().quotes[0]!, status: 'confirmed' }], confirmedQuoteNo: 1 }))

    expect(buttons()).not.toContain('拒绝报价')
    expect(buttons().some((b) => b?.startsWith('确认报价'))).toBe(false)
    expect(buttons()).not.toContain('取消订单')
  })

  it('shows the itemised quote with the off-catalogue item flagged and its reason', async () => {
    await show()

    expect(screen.getByText('价目表外项目')).toBeTruthy()
    expect(screen.getByText('原因：原厂配件缺货')).toBeTruthy()
    expect(screen.getByText('含 1 项价目表外项目，请看清原因再确认')).toBeTruthy()
  })

  it('shows each deadline and whether it was met', async () => {
    await show()

    expect(screen.getByText('24 小时内接单响应')).toBeTruthy()
    expect(screen.getByText('已达成')).toBeTruthy()
    expect(screen.getByText('已超时')).toBeTruthy()
  })

  it('names the assigned engineer from the timeline', async () => {
    await show()
    await waitFor(() => expect(screen.getByText('陈建国')).toBeTruthy())
  })

  it('confirms the quote by its number and shows the order the server answers with', async () => {
    await show()
    orders.ordersApi.confirmQuote.mockResolvedValue(orderView({ actions: ['cancel'], quotes: [{ ...orderView().quotes[0]!, status: 'confirmed' }], confirmedQuoteNo: 1 }))

    fireEvent.click(screen.getByText('确认报价 ¥75.00'))
    await act(async () => {
      await Promise.resolve()
    })

    expect(orders.ordersApi.confirmQuote).toHaveBeenCalledWith('64b7f0c2a1b2c3d4e5f60001', 1)
    await waitFor(() => expect(screen.getByText('客户已确认')).toBeTruthy())
    expect(buttons()).not.toContain('拒绝报价')
  })

  it('after the work is accepted, offers the survey, a second visit (when the server lists it) and a complaint', async () => {
    await show(orderView({ status: 'closed', statusLabel: '已关闭', actions: ['request_rework'] }))

    await waitFor(() => expect(buttons()).toEqual(expect.arrayContaining(['评价本次服务', '申请免费二次上门', '投诉'])))
  })

  it('offers no second visit when the server does not list it (outside the rules of the state machine)', async () => {
    await show(orderView({ status: 'closed', statusLabel: '已关闭', actions: [] }))

    await waitFor(() => expect(buttons()).toContain('评价本次服务'))
    expect(buttons()).not.toContain('申请免费二次上门')
  })
})
