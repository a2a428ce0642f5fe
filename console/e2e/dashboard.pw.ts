import { expect, test } from '@playwright/test';
import { loginAs } from './support';

test.describe('工作台', () => {
  test('运维打开工作台，看到各乡镇终端在线情况和今日概况', async ({ page }) => {
    await loginAs(page, 'operator');
    await expect(page.getByRole('heading', { name: '工作台' })).toBeVisible();
    const towns = page.locator('.ant-card').filter({ hasText: '各乡镇终端在线情况' });
    for (const town of ['青石镇', '白鹤镇', '紫云镇', '金竹镇', '马鞍彝族乡']) await expect(towns.getByRole('row').filter({ hasText: town })).toBeVisible();
    // The demo county's 23 devices, its simulated agents online.
    await expect(page.getByText('在线终端')).toBeVisible();
    await expect(page.locator('.ant-statistic').filter({ hasText: '在线终端' })).toContainText('/ 23');
    await expect(page.locator('.ant-statistic').filter({ hasText: '待审核' })).toBeVisible();
    // Drill-down: a town's name opens the device list filtered to it.
    await towns.getByRole('link', { name: '白鹤镇' }).click();
    await expect(page).toHaveURL(/\/devices\?region=510811101000/);
    await page.goBack();
    await expect(towns).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/dashboard.png', fullPage: true });
  });
});
