import { expect, test, type Page } from '@playwright/test';
import { loginAs } from './support';

const TOWNS = ['青石镇', '白鹤镇', '紫云镇', '金竹镇', '马鞍彝族乡'];
const QINGSHI_VILLAGES = ['龙门社区', '柏林村', '石板村'];
/** The demo notice every demo loudspeaker is scheduled to air right after the server starts. */
const DEMO_TITLE = '政务公开专区开放时间提示';

async function openReports(page: Page, user: string): Promise<void> {
  await loginAs(page, user);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '报表' }).click();
  await expect(page.getByRole('heading', { name: '报表' })).toBeVisible();
}

/** The coverage table's body rows (the totals row is in the table footer, counted apart). */
const bodyRows = (page: Page) => page.locator('.ant-table-tbody tr.ant-table-row');

test.describe('报表', () => {
  test('覆盖率：全区按乡镇统计，有合计与排名图；下钻到村、设备，再到该设备的播放记录', async ({ page }) => {
    // On a fresh server the demo notice is compiled into every loudspeaker's plan within the first minute.
    test.setTimeout(240_000);
    await openReports(page, 'operator');
    await expect(page.getByRole('tab', { name: '覆盖率', selected: true })).toBeVisible();

    // Totals: 合计, devices, planned, aired, completion, airtime … — wait until the demo notice's airings are in.
    const totals = page.locator('.ant-table-summary tr').first();
    await expect(async () => {
      await page.getByRole('button', { name: '查询' }).click();
      await expect(bodyRows(page)).toHaveCount(TOWNS.length, { timeout: 3_000 });
      await expect(totals.locator('td').nth(1)).not.toHaveText('0', { timeout: 3_000 });
    }).toPass({ timeout: 180_000 });
    for (const town of TOWNS) await expect(bodyRows(page).filter({ hasText: town })).toHaveCount(1);
    await expect(page.getByText(/栖凤区 · \d{4}年\d{1,2}月 · 按乡镇统计/)).toBeVisible();
    await expect(totals.locator('td').first()).toHaveText('合计');
    await expect(totals.locator('td').nth(1)).toHaveText(/^[1-9]\d*$/);
    // The demo notice airs at once (no planned slot yet), so completion may be “—”; the airtime is real.
    await expect(totals.locator('td').nth(4)).toHaveText(/^(\d+\.\d%|—)$/);
    await expect(totals.locator('td').nth(5)).not.toHaveText('0 秒');

    // The ranking is an ECharts canvas, labelled for screen readers.
    const chart = page.getByRole('img', { name: /完成率排名/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator('canvas')).toHaveCount(1);
    await page.screenshot({ path: 'docs/screenshots/reports.png' });

    // Drill down: county → town → village → device → play logs.
    await page.getByRole('button', { name: '下钻到青石镇' }).click();
    await expect(page).toHaveURL(/regionCode=510811100000/);
    await expect(page.getByText(/青石镇 · .* · 按村（社区）统计/)).toBeVisible();
    // Each village once (devices other tests register directly under the town may add a row of their own).
    for (const v of QINGSHI_VILLAGES) await expect(bodyRows(page).filter({ hasText: v })).toHaveCount(1);
    await expect(page.getByRole('navigation').getByRole('button', { name: '栖凤区' })).toBeVisible();

    await page.getByRole('button', { name: '下钻到柏林村' }).click();
    await expect(page.getByText(/柏林村 · .* · 按设备统计/)).toBeVisible();
    const deviceLink = page.getByRole('link', { name: /的播放记录$/ }).first();
    await expect(deviceLink).toBeVisible();
    await deviceLink.click();
    await expect(page.getByRole('heading', { name: '播放记录' })).toBeVisible();
    await expect(page).toHaveURL(/\/playlogs\?deviceId=spk-510811100201-\d+&from=.*&to=/);
    await expect(page.getByLabel('终端编号')).toHaveValue(/^spk-510811100201-\d+$/);

    // Back: the breadcrumb returns to the county.
    await page.goBack();
    await page.getByRole('button', { name: '栖凤区' }).click();
    await expect(bodyRows(page)).toHaveCount(TOWNS.length);
  });

  test('内容到达：选一条通知，看到哪些村已播出、哪些未播出', async ({ page }) => {
    test.setTimeout(240_000);
    await openReports(page, 'reviewer');
    await page.getByRole('tab', { name: '内容到达' }).click();
    await expect(page.getByText('请选择一条内容')).toBeVisible();
    await page.getByRole('combobox', { name: /内容/ }).fill('专区开放');
    await page.getByTitle(DEMO_TITLE).click();
    await expect(async () => {
      await page.getByRole('button', { name: '查询' }).click();
      await expect(page.getByText(`《${DEMO_TITLE}》`)).toBeVisible({ timeout: 3_000 });
      await expect(page.getByRole('row').filter({ hasText: '柏林村' }).first()).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 180_000 });
    await expect(page.getByText('已播出村')).toBeVisible();
    await expect(page.getByText(/未播出的设备（\d+）/)).toBeVisible();
  });

  test('在线率与应急广播：按乡镇列出；报表文件：管理员重新生成后列出并可下载', async ({ page }) => {
    await openReports(page, 'admin');
    await page.getByRole('tab', { name: '在线率' }).click();
    await expect(page.getByText(/栖凤区 · .* · 在线率/)).toBeVisible();
    for (const town of TOWNS) await expect(page.getByRole('button', { name: town })).toBeVisible();
    await expect(page.getByText(/离线清单（\d+）/)).toBeVisible();

    await page.getByRole('tab', { name: '应急广播' }).click();
    await expect(page.getByText(/栖凤区 · .* · 应急广播 \d+ 次/)).toBeVisible();

    await page.getByRole('tab', { name: '报表文件' }).click();
    await expect(page.getByText('定期报表文件')).toBeVisible();
    await page.getByLabel('报表类型').click();
    await page.getByTitle('月报').click();
    await expect(page.getByLabel('统计周期')).toHaveValue(/^\d{4}-\d{2}$/);
    await page.getByRole('button', { name: '重新生成' }).click();
    // The month's files (CSV, XLSX, PDF) are listed and download under their Chinese names.
    const monthFiles = page.getByRole('row').filter({ hasText: /栖凤区.*月.*\.(csv|xlsx|pdf)/ });
    await expect(monthFiles).toHaveCount(3);
    await expect(page.getByText(/已生成 3 个文件/)).toBeVisible();
    const pdf = monthFiles.filter({ hasText: '.pdf' });
    await expect(pdf).toContainText('PDF');
    const download = page.waitForEvent('download');
    await pdf.getByRole('button', { name: /^下载/ }).click();
    expect((await download).suggestedFilename()).toMatch(/^栖凤区.*\.pdf$/);
  });
});
