import { expect, test, type Page } from '@playwright/test';
import { BASE, loginAs } from './support';

/**
 * 金竹镇 in the demo county: three village loudspeakers and the town centre's loudspeaker, each with a simulated
 * agent. No other browser test registers devices there (they share one server), so every device can answer.
 */
const TOWN = '金竹镇';
const TOWN_DEVICES = 4;

async function fillAlert(page: Page, opts: { level: string; town: string; text: string; repeat?: number }): Promise<void> {
  await page.goto(`${BASE()}/alerts`);
  await page.getByRole('button', { name: '发布应急广播' }).click();
  await page.getByText(opts.level).click();
  await page.getByLabel('目标区域').click();
  // Type to find the town, as a person would in a long county tree (the list only renders what is in view).
  await page.keyboard.type(opts.town);
  await page.locator('.ant-select-tree').getByTitle(opts.town, { exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByText(/将覆盖 \d+ 台终端/)).toBeVisible();
  await page.getByLabel('播报内容').fill(opts.text);
  if (opts.repeat) await page.getByLabel('播报遍数').fill(String(opts.repeat));
  await page.getByRole('button', { name: '下一步：核对' }).click();
}

test.describe('应急值班员', () => {
  test('向一个乡镇发布二级预警，看板实时显示该镇每台终端播放成功', async ({ page }) => {
    await loginAs(page, 'duty');
    const text = `测试预警 ${Date.now()}：受强降雨影响，今晚可能发生山洪，请沿河群众立即转移。`;
    await fillAlert(page, { level: '2 级 重大（橙色）', town: TOWN, text });

    // The confirmation restates what will happen before anything airs.
    const summary = page.getByRole('table').filter({ hasText: '目标区域' });
    await expect(page.getByText('核对应急广播')).toBeVisible();
    await expect(summary).toContainText('2 级 · 重大 · 橙色');
    await expect(summary).toContainText(TOWN);
    await expect(summary).toContainText(`${TOWN_DEVICES} 台`);
    await expect(summary).toContainText(text);
    const send = page.getByRole('button', { name: '确认播发' });
    await expect(send).toBeDisabled();
    await page.getByLabel('我已核对级别、区域和内容，确认播发').check();
    await page.screenshot({ path: 'docs/screenshots/alert-confirm.png' });
    await send.click();

    // The live board reaches every device of the town without a reload.
    await expect(page.getByText(`终端应答（目标 ${TOWN_DEVICES} 台）`)).toBeVisible();
    await expect(page.getByTestId('count-success')).toContainText(String(TOWN_DEVICES), { timeout: 90_000 });
    await expect(page.getByText(`已应答 ${TOWN_DEVICES}/${TOWN_DEVICES}`)).toBeVisible();
    await expect(page.getByText('全部终端已应答')).toBeVisible();
    const townRow = page.locator('.ant-card').filter({ hasText: '按乡镇' }).getByRole('row').filter({ hasText: TOWN });
    await expect(townRow).toContainText(String(TOWN_DEVICES));
    await page.screenshot({ path: 'docs/screenshots/alert-board.png', fullPage: true });
  });

  test('撤销正在播放的预警', async ({ page }) => {
    await loginAs(page, 'duty');
    await fillAlert(page, { level: '4 级 一般（蓝色）', town: '紫云镇', text: `撤销测试 ${Date.now()}：请注意防范森林火灾，严禁野外用火。`, repeat: 5 });
    await page.getByLabel('我已核对级别、区域和内容，确认播发').check();
    await page.getByRole('button', { name: '确认播发' }).click();
    await expect(page.getByTestId('count-playing')).not.toContainText(/^播放中\s*0$/, { timeout: 60_000 });
    await page.getByRole('button', { name: '撤销广播' }).click();
    await page.getByPlaceholder('撤销原因（可选）').fill('误发演练');
    await page.getByRole('button', { name: '撤销', exact: true }).click();
    await expect(page.getByTestId('alert-status')).toHaveText('已撤销');
    await expect(page.getByTestId('count-cancelled')).not.toContainText(/^已取消\s*0$/, { timeout: 30_000 });
    await page.goto(`${BASE()}/alerts`);
    await expect(page.getByRole('row').filter({ hasText: '紫云镇' }).first()).toContainText('已撤销');
    await page.screenshot({ path: 'docs/screenshots/alerts.png' });
  });
});
