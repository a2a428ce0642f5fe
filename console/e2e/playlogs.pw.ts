import { expect, test } from '@playwright/test';
import { loginAs } from './support';

/** The demo notice every demo loudspeaker airs within a minute of the server's start. */
const DEMO_TITLE = '政务公开专区开放时间提示';

test.describe('播放记录', () => {
  test('按内容标题查到已播出的通知；无结果时显示空状态', async ({ page }) => {
    // On a fresh server the demo notice is rendered, published and aired (≈ 30 s of audio) before its logs arrive.
    test.setTimeout(240_000);
    await loginAs(page, 'operator');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '播放记录' }).click();
    await expect(page.getByRole('heading', { name: '播放记录' })).toBeVisible();

    // The simulated agents report as they finish: search again until the notice's airings are there.
    await expect(async () => {
      await page.getByLabel('内容标题').fill('专区开放');
      await page.getByRole('button', { name: '查询' }).click();
      await expect(page.getByRole('row').filter({ hasText: DEMO_TITLE }).first()).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 180_000 });
    const rows = page.getByRole('row').filter({ hasText: DEMO_TITLE });
    await expect(rows.first()).toContainText('播放完成');
    await expect(page.getByText(/共 \d+ 条/)).toBeVisible();
    await expect(page).toHaveURL(/title=%E4%B8%93/);
    await page.screenshot({ path: 'docs/screenshots/playlogs.png' });

    // Nothing matches: a clear empty state.
    await page.getByLabel('内容标题').fill(`不存在的标题 ${Date.now()}`);
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page.getByText('没有符合条件的播放记录')).toBeVisible();
  });
});
