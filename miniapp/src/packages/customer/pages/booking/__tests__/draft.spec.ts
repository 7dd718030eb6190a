import { describe, expect, it } from 'vitest'
import { ApiError } from '@/services/api-client'
import { bookingErrors, EMPTY_DRAFT, stepErrors, toOrderBody, type BookingDraft } from '../draft'

const COMPLETE: BookingDraft = {
  category: 'air_conditioner',
  serviceType: 'repair',
  applianceId: '64b7f0c2a1b2c3d4e5f60001',
  faultDescription: '空调不制冷，外机不转',
  photoIds: ['64b7f0c2a1b2c3d4e5f60003'],
  addressId: '64b7f0c2a1b2c3d4e5f60002',
  slot: { day: '2026-06-18', window: '09-11' },
  urgent: false,
}

describe('toOrderBody', () => {
  it('builds the CreateOrderBody the server expects from a complete draft', () => {
    expect(toOrderBody(COMPLETE)).toEqual({ ok: true, body: COMPLETE })
  })

  it('leaves the appliance out when none was chosen', () => {
    const result = toOrderBody({ ...COMPLETE, applianceId: null })
    expect(result.ok && 'applianceId' in result.body ? result.body.applianceId : undefined).toBeUndefined()
  })

  it('names every missing choice in words, one per form field', () => {
    const result = toOrderBody(EMPTY_DRAFT)
    expect(result).toEqual({
      ok: false,
      fields: {
        category: '请选择家电品类',
        serviceType: '请选择服务类型',
        addressId: '请选择服务地址',
        faultDescription: '请描述故障或需求',
        slot: '请选择上门时间',
      },
    })
  })
})

describe('stepErrors', () => {
  it('reports only the fields of the step being left', () => {
    expect(stepErrors(EMPTY_DRAFT, 'service')).toEqual({ category: '请选择家电品类', serviceType: '请选择服务类型' })
    expect(stepErrors(EMPTY_DRAFT, 'fault')).toEqual({ faultDescription: '请描述故障或需求' })
    expect(stepErrors({ ...COMPLETE, slot: null }, 'visit')).toEqual({ slot: '请选择上门时间' })
    expect(stepErrors(COMPLETE, 'visit')).toEqual({})
  })
})

describe('bookingErrors (a failed submission on the review screen)', () => {
  it('puts each server field error next to the field it names (slot.day → the slot)', () => {
    const err = new ApiError({
      id: 'validation_failed',
      message: '请求参数有误',
      status: 400,
      fields: [
        { path: 'slot.day', message: '日期格式应为 YYYY-MM-DD' },
        { path: 'faultDescription', message: '请描述故障或需求' },
      ],
    })
    expect(bookingErrors(err)).toEqual({ fields: { slot: '日期格式应为 YYYY-MM-DD', faultDescription: '请描述故障或需求' }, message: null })
  })

  it('shows a full slot under the time and an uncovered address under the address', () => {
    expect(bookingErrors(new ApiError({ id: 'slot_full', message: '该时段已约满，请选择其他时段', status: 409 }))).toEqual({
      fields: { slot: '该时段已约满，请选择其他时段' },
      message: null,
    })
    expect(bookingErrors(new ApiError({ id: 'outside_coverage', message: '该地址暂无服务网点覆盖', status: 422 })).fields).toEqual({
      addressId: '该地址暂无服务网点覆盖',
    })
  })

  it('falls back to one message, with the request id for a server fault', () => {
    expect(bookingErrors(new ApiError({ id: 'internal_error', message: '服务器内部错误', status: 500, requestId: 'req-7' }))).toEqual({
      fields: {},
      message: '服务器内部错误（请求编号 req-7）',
    })
    expect(bookingErrors(new Error('boom')).message).toBe('提交失败，请稍后重试')
  })
})
