import { expect, type Page } from '@playwright/test';
import { button, fullPageShot, signInCustomer, test } from './helpers';
import { policyVersionLabel, PRIVACY_POLICY, USER_AGREEMENT } from '../shared/src/domain/consent';

/**
 * 我已阅读并同意《用户协议》《隐私政策》 (issue 18, PIPL): the H5 sign-in cannot go through without it, each document
 * shows its version, the server records the agreement, and the customer reads both documents from 我的 with the day
 * they agreed. Phone 390 px and 320 px, and 长辈模式.
 */
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, actionTimeout: 15_000 });

const PHONE = `136${String(Date.now() % 1e8).padStart(8, '0')}`;
const elderSwitch = (page: Page) => page.locator('.nut-cell', { hasText: '长辈模式（大字体）' }).locator('.nut-switch');

test('consent: sign-in waits for the agreement, the documents show their version, 我的 shows when the customer agreed', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/h5/#/pages/login/index');
  await expect(button(page, /^\s*登录\s*$/)).toHaveClass(/nut-button-disabled/);
  await page.getByText(`《${PRIVACY_POLICY.title}》`).click();
  await expect(page.getByText(policyVersionLabel(PRIVACY_POLICY.version)).filter({ visible: true })).toBeVisible();
  await expect(page.getByText(PRIVACY_POLICY.paragraphs[0]!)).toBeVisible();
  await fullPageShot(page, 'h5-consent-policy.png');

  await signInCustomer(page, PHONE);
  await expect(page.getByText('登录后即可预约上门')).toHaveCount(0);

  await page.goto('/h5/#/pages/profile/index');
  const agreedOn = page.getByText(/您于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 同意/);
  await expect(agreedOn).toHaveCount(2);
  await expect(page.getByText(`《${USER_AGREEMENT.title}》`)).toBeVisible();
  await fullPageShot(page, 'h5-profile-policies.png');
  await page.setViewportSize({ width: 320, height: 640 });
  await fullPageShot(page, 'h5-profile-policies-320.png');
  await elderSwitch(page).click();
  await expect(page.locator('.fx-elder')).toHaveCount(1);
  await fullPageShot(page, 'h5-profile-policies-elder-320.png');
  await page.getByText(`《${USER_AGREEMENT.title}》`).click();
  await expect(page.getByText(USER_AGREEMENT.paragraphs[0]!)).toBeVisible();
  await fullPageShot(page, 'h5-profile-agreement-elder-320.png');
  await page.reload();
  await elderSwitch(page).click();
  await expect(page.locator('.fx-elder')).toHaveCount(0);
});
