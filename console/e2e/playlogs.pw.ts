import { expect, test } from '@playwright/test';
import { loginAs } from './support';

/** The demo notice every demo loudspeaker airs within a minute of the server's start. */
const DEMO_TITLE = '政务公开专区开放时间提示';

test.describe('播放记录', () => {
  test('按内容标题查到已播出的通知，再按乡镇筛选', async ({ page }) => {
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

    // Narrow to one town: every row left is one of its loudspeakers.
    await page.getByLabel('区域').click();
    await page.locator('.ant-select-tree').getByTitle('白鹤镇', { exact: true }).click();
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page).toHaveURL(/regionCode=510811101000/);
    await expect(rows.first()).toBeVisible();
    // The URL changes at once; the rows change when the filtered page has arrived.
    await expect(async () => {
      for (const region of await page.locator('tbody tr td:nth-child(3)').allInnerTexts()) expect(['白鹤镇', '鹤鸣社区', '双河村', '桂花村']).toContain(region.trim());
    }).toPass({ timeout: 15_000 });

    // Nothing matches: a clear empty state.
    await page.getByLabel('内容标题').fill(`不存在的标题 ${Date.now()}`);
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page.getByText('没有符合条件的播放记录')).toBeVisible();
  });
});
