import type { AppealDetail } from '@fangxin/shared';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { ADMIN, bodyText, buttonByText, eventually, mountView, signIn } from '@/test-utils/mount';
import AppealsPage from '../index.vue';

/** Issue 20.2: 申诉审核 — the queue, the evidence in words and photos, and a decision confirmed with its reason. */
const ID = '6f0000000000000000000001';

function appeal(state: AppealDetail['state']): AppealDetail {
  const decided = state === 'upheld' ? { decision: 'upheld' as const, reason: '签到和试机记录证明维修完成', at: '2026-12-07T11:00:00Z', byName: '平台管理员' } : null;
  return {
    id: ID,
    orderId: '6b0549bb3297d2e4930b4bdd',
    orderNo: 'FX20261207-00021',
    outletId: '8fa8106e77cf5c053a0bb568',
    outletName: '杭州西湖网点',
    engineerId: '8fa8106e77cf5c053a0bb569',
    engineerName: '赵明',
    kind: 'complaint',
    complaintId: '6c0000000000000000000001',
    clock: null,
    itemText: '投诉（维修质量）',
    itemTextEn: 'Complaint (Repair quality)',
    itemAt: '2026-12-07T10:00:00Z',
    reason: '试机正常，客户在场签字',
    state,
    stateLabel: state === 'upheld' ? '申诉成立' : '审核中',
    filedAt: '2026-12-07T10:05:00Z',
    filedBy: { name: '赵明', role: 'engineer' },
    decision: decided,
    evidenceCount: { timeline: 1, photos: 1 },
    actions: state === 'submitted' ? ['decide'] : [],
    evidence: {
      timeline: [{ seq: 6, at: '2026-12-07T06:00:00Z', label: '工程师到达签到', labelEn: 'Checked in', detail: '按时到达', detailEn: 'On time', actorName: '赵明' }],
      photos: [{ id: '6d0000000000000000000001', kindLabel: '现场照片', url: '/api/v1/photos/6d0000000000000000000001?exp=1&sig=x', width: 800, height: 600 }],
      photosExpireAt: '2026-12-07T11:10:00Z',
    },
    history: [{ at: '2026-12-07T10:05:00Z', action: 'filed', actorName: '赵明', text: '提出申诉：投诉（维修质量）' }],
  };
}

describe('申诉审核', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;
  let current: AppealDetail;

  beforeEach(async () => {
    localStorage.clear();
    signIn(ADMIN);
    current = appeal('submitted');
    server = await startApiServer({
      'GET /api/v1/appeals': () => ({ status: 200, body: { items: [current], total: 1, page: 1, pageSize: 20 } }),
      [`GET /api/v1/appeals/${ID}`]: () => ({ status: 200, body: current }),
      [`POST /api/v1/appeals/${ID}/decide`]: () => {
        current = appeal('upheld');
        return { status: 200, body: current };
      },
    });
    useApiServer(server);
  });

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    await server.close();
  });

  it('shows the evidence in words and upholds with a confirmed reason', async () => {
    ({ wrapper } = await mountView(AppealsPage));
    await eventually(() => expect(bodyText()).toContain('FX20261207-00021'));
    expect(server.calls('GET /api/v1/appeals')).toHaveLength(1);
    buttonByText('审核').click();
    await eventually(() => expect(bodyText()).toContain('工程师到达签到'));
    expect(bodyText()).toContain('按时到达');
    expect(bodyText()).toContain('试机正常，客户在场签字');
    expect(document.body.querySelector('.appeals__photo')).toBeTruthy();
    expect(bodyText()).not.toMatch(/\d{4}-\d{2}-\d{2}T|complaint|submitted/);

    (document.body.querySelector('[data-test="appeal-uphold"]') as HTMLButtonElement).click();
    const findDialog = () => [...document.body.querySelectorAll('.el-dialog')].find((x) => x.textContent?.includes('确认申诉成立'));
    await eventually(() => expect(findDialog()).toBeTruthy());
    const textarea = findDialog()!.querySelector('textarea')!;
    textarea.value = '签到和试机记录证明维修完成';
    textarea.dispatchEvent(new Event('input'));
    const confirm = [...findDialog()!.querySelectorAll('button')].find((b) => b.textContent?.trim() === '申诉成立')!;
    confirm.click();
    await eventually(() => expect(server.calls(`POST /api/v1/appeals/${ID}/decide`)).toHaveLength(1));
    expect(server.calls(`POST /api/v1/appeals/${ID}/decide`)[0]!.body).toEqual({ decision: 'upheld', reason: '签到和试机记录证明维修完成' });
    await eventually(() => expect(bodyText()).toContain('申诉成立：签到和试机记录证明维修完成'));
  });

  it('sends no decision without a reason', async () => {
    ({ wrapper } = await mountView(AppealsPage));
    await eventually(() => expect(bodyText()).toContain('FX20261207-00021'));
    buttonByText('审核').click();
    await eventually(() => expect(document.body.querySelector('[data-test="appeal-reject"]')).toBeTruthy());
    (document.body.querySelector('[data-test="appeal-reject"]') as HTMLButtonElement).click();
    const findDialog = () => [...document.body.querySelectorAll('.el-dialog')].find((x) => x.textContent?.includes('确认申诉不成立'));
    await eventually(() => expect(findDialog()).toBeTruthy());
    [...findDialog()!.querySelectorAll('button')].find((b) => b.textContent?.trim() === '申诉不成立')!.click();
    await eventually(() => expect(findDialog()!.textContent).toMatch(/理由/));
    expect(server.calls(`POST /api/v1/appeals/${ID}/decide`)).toHaveLength(0);
  });
});
