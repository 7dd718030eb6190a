import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'

/** Issue 20.2: the engineer's appeal page — filing from an order, and an appeal's decision in words. */
const appeals = vi.hoisted(() => ({
  appealsApi: { items: vi.fn(), timeline: vi.fn(), photos: vi.fn(), file: vi.fn(), get: vi.fn(), withdraw: vi.fn() },
}))
const params = vi.hoisted(() => ({ value: {} as Record<string, string> }))
const navigation = vi.hoisted(() => ({ usePageParams: () => params.value, redirectTo: vi.fn(), navigateTo: vi.fn(), ROUTES: { engineerAppeal: '/appeal', engineerHome: '/home', login: '/login' } }))
vi.mock('@/services/appeals', () => appeals)
vi.mock('@/services/session', () => ({ useSession: () => ({ user: { role: 'engineer', name: '赵明' } }) }))
vi.mock('@/platform/navigation', () => navigation)
vi.mock('@/platform/toast', () => ({ toast: vi.fn(), toastSuccess: vi.fn() }))
vi.mock('@/services/uploads', () => ({ uploadsApi: {} }))
vi.mock('@/services/photos', () => ({ photoSrc: (url: string) => url }))
vi.mock('@/platform/preview', () => ({ previewImages: vi.fn() }))

const { default: EngineerAppealPage } = await import('../index')

const ORDER = '64b7f0c2a1b2c3d4e5f60001'
const settle = () => act(async () => {
  await Promise.resolve()
  await Promise.resolve()
})

beforeEach(() => {
  vi.clearAllMocks()
  appeals.appealsApi.items.mockResolvedValue({
    orderId: ORDER,
    orderNo: 'FX20261207-00021',
    windowDays: 30,
    items: [
      { kind: 'complaint', complaintId: '64b7f0c2a1b2c3d4e5f60002', clock: null, text: '投诉（维修质量）', textEn: 'Complaint (Repair quality)', at: '2026-12-07T10:00:00.000Z', appealBy: '2027-01-06T10:00:00.000Z', appealable: true, refusal: null, appealId: null, state: null },
    ],
  })
  appeals.appealsApi.timeline.mockResolvedValue({
    events: [
      { seq: 1, type: 'checked_in', at: '2026-12-07T06:00:00.000Z', actor: { id: null, role: 'engineer', name: '赵明' }, data: { late: false }, prevHash: '0', hash: '1' },
      { seq: 2, type: 'survey_submitted', at: '2026-12-07T09:00:00.000Z', actor: { id: null, role: 'customer', name: '客户' }, data: { redacted: true }, prevHash: '1', hash: '2' },
    ],
    verdict: { valid: true, events: 2, head: '2' },
  })
  appeals.appealsApi.photos.mockResolvedValue({ expiresAt: '2026-12-07T11:00:00.000Z', items: [{ id: '64b7f0c2a1b2c3d4e5f60003', kind: 'report_photo', kindLabel: '现场照片', mime: 'image/png', width: 1, height: 1, url: '/api/v1/photos/x' }] })
})

describe('engineer appeal page', () => {
  it('files the chosen complaint with the reason, a timeline entry and a photo; the survey entry is not offered', async () => {
    params.value = { orderId: ORDER }
    appeals.appealsApi.file.mockResolvedValue({ id: '64b7f0c2a1b2c3d4e5f60009' })
    render(<EngineerAppealPage />)
    await waitFor(() => expect(screen.getByText('申诉：投诉（维修质量）')).toBeTruthy())
    expect(document.body.textContent).not.toMatch(/评价|星/)
    fireEvent.click(screen.getByText('申诉：投诉（维修质量）'))
    fireEvent.input(document.querySelector('textarea')!, { target: { value: '试机正常，客户签字确认' } })
    fireEvent.click(screen.getByText(/工程师到达签到/))
    fireEvent.click(screen.getByText('现场照片'))
    fireEvent.click(screen.getByText('提交申诉'))
    await settle()
    await waitFor(() => expect(appeals.appealsApi.file).toHaveBeenCalled())
    expect(appeals.appealsApi.file).toHaveBeenCalledWith(ORDER, {
      kind: 'complaint',
      complaintId: '64b7f0c2a1b2c3d4e5f60002',
      reason: '试机正常，客户签字确认',
      timelineSeqs: [1],
      photoIds: ['64b7f0c2a1b2c3d4e5f60003'],
    })
    expect(navigation.redirectTo).toHaveBeenCalledWith('/appeal', { id: '64b7f0c2a1b2c3d4e5f60009' })
  })

  it('asks for the item and a reason before sending anything', async () => {
    params.value = { orderId: ORDER }
    render(<EngineerAppealPage />)
    await waitFor(() => expect(screen.getByText('提交申诉')).toBeTruthy())
    fireEvent.click(screen.getByText('提交申诉'))
    await settle()
    expect(screen.getByText('请选择要申诉的记录')).toBeTruthy()
    expect(appeals.appealsApi.file).not.toHaveBeenCalled()
  })

  it('shows an upheld appeal in words, with the reason given', async () => {
    params.value = { id: '64b7f0c2a1b2c3d4e5f60009' }
    appeals.appealsApi.get.mockResolvedValue({
      id: '64b7f0c2a1b2c3d4e5f60009', orderId: ORDER, orderNo: 'FX20261207-00021', outletId: ORDER, outletName: '杭州西湖网点', engineerId: ORDER, engineerName: '赵明',
      kind: 'complaint', complaintId: null, clock: null, itemText: '投诉（维修质量）', itemTextEn: 'Complaint', itemAt: '2026-12-07T10:00:00.000Z', reason: '试机正常', state: 'upheld', stateLabel: '申诉成立',
      filedAt: '2026-12-07T10:05:00.000Z', filedBy: { name: '赵明', role: 'engineer' },
      decision: { decision: 'upheld', reason: '记录证明维修完成', at: '2026-12-07T11:00:00.000Z', byName: '平台管理员' },
      evidenceCount: { timeline: 0, photos: 0 }, actions: [], evidence: { timeline: [], photos: [], photosExpireAt: '2026-12-07T11:10:00.000Z' }, history: [],
    })
    render(<EngineerAppealPage />)
    await waitFor(() => expect(screen.getByText('申诉成立，已不计入质量分')).toBeTruthy())
    expect(document.body.textContent).toContain('说明：记录证明维修完成')
    expect(document.body.textContent).not.toMatch(/\d{4}-\d{2}-\d{2}T/)
  })
})
