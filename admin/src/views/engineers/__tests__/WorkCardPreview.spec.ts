import type { EngineerView } from '@fangxin/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { mountView, signIn } from '@/test-utils/mount';
import WorkCardPreview from '../components/WorkCardPreview.vue';
import { toPublicProfile } from '../data';

const engineer = {
  id: '5811ac23f1b747cfbb4e9343',
  employeeNo: 'FX-XH-001',
  name: '陈建国',
  outletId: '8fa8106e77cf5c053a0bb568',
  level: 4,
  status: 'active',
  photoUrl: null,
  skills: [{ category: 'air_conditioner', assessedAt: '2026-05-08T00:00:00Z', score: 92, passed: true }],
  certificates: [{ type: 'refrigeration', number: 'RE1', expiresAt: '2020-01-01T00:00:00Z', valid: false, expiresInDays: -1000 }],
} as unknown as EngineerView;
const outlet = { id: engineer.outletId, name: '杭州西湖网点' };

describe('WorkCardPreview: the card as a customer sees it', () => {
  let wrapper: VueWrapper;
  afterEach(() => wrapper?.unmount());

  async function render(status: 'active' | 'suspended', cardStatus: 'active' | 'revoked' | 'none') {
    signIn();
    const profile = toPublicProfile({ ...engineer, status }, outlet, 80);
    ({ wrapper } = await mountView(WorkCardPreview, { props: { profile, serial: 'FXC-HZ-XH-GU3UIE', cardStatus } }));
  }

  it('shows who, where, what they are qualified for, and an expired certificate as expired', async () => {
    await render('active', 'active');
    expect(wrapper.find('[data-test="card-name"]').text()).toBe('陈建国');
    expect(wrapper.text()).toContain('杭州西湖网点');
    expect(wrapper.text()).toContain('空调');
    expect(wrapper.find('.work-card__expired').text()).toContain('已过期');
    expect(wrapper.find('[data-test="card-verdict"]').text()).toBe('真实有效');
    expect(wrapper.find('svg[role="img"]').attributes('aria-label')).toContain('示例二维码');
  });

  it('tells a revoked card and a suspended engineer apart, in the words the scan page uses', async () => {
    await render('active', 'revoked');
    expect(wrapper.find('[data-test="card-verdict"]').text()).toBe('工作证已吊销');
    wrapper.unmount();
    await render('suspended', 'active');
    expect(wrapper.find('[data-test="card-verdict"]').text()).toBe('工程师已停职');
  });
});
