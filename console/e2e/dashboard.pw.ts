import { expect, test } from '@playwright/test';
import { loginAs } from './support';

test.describe('工作台', () => {
  test('运维打开工作台，看到各乡镇终端在线情况和今日概况', async ({ page }) => {
    await loginAs(page, 'operator');
    await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible();
    const towns = page.locator('.ant-card').filter({ hasText: '各乡镇终端在线情况' });
    for (const town of ['青石镇', '白鹤镇', '紫云镇', '金竹镇', '马鞍彝族乡']) await expect(towns.getByRole('row').filter({ hasText: town })).toBeVisible();
    // The demo county's 23 devices with their simulated agents online, and whatever other tests registered (offline).
    const online = page.locator('.ant-statistic').filter({ hasText: '在线终端' });
    await expect(online).toContainText(/\d+\s*\/\s*\d+/);
    const [up, all] = ((await online.innerText()).match(/(\d+)\s*\/\s*(\d+)/) ?? []).slice(1).map(Number);
    expect(up).toBeGreaterThanOrEqual(23);
    expect(all).toBeGreaterThanOrEqual(up);
    await expect(page.locator('.ant-statistic').filter({ hasText: '待审核' })).toBeVisible();
    // Drill-down: a town's name opens the device list filtered to it.
    await towns.getByRole('link', { name: '白鹤镇' }).click();
    await expect(page).toHaveURL(/\/devices\?region=510811101000/);
    await page.goBack();
    await expect(towns).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/dashboard.png', fullPage: true });
  });
});
