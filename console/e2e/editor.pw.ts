import { expect, test } from '@playwright/test';
import { BASE, loginAs } from './support';

test.describe('编辑：撰写、朗读效果、试听、提交审核', () => {
  test('编辑撰写含电话号码和日期的通知，看到读法，试听喇叭版，提交审核', async ({ page }) => {
    const title = `冬季防火工作会议通知 ${Date.now()}`;
    await loginAs(page, 'editor');
    await page.goto(`${BASE()}/contents`);
    await expect(page.getByRole('heading', { name: '内容' })).toBeVisible();
    await expect(page.getByText(/共 \d+ 条/)).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/contents.png' });

    await page.getByRole('button', { name: /撰写内容/ }).click();
    await expect(page.getByRole('heading', { name: '撰写内容' })).toBeVisible();
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('发布部门').fill('栖凤区应急管理局');
    await page.getByLabel('正文').fill('定于2026年12月8日上午在区政务服务中心召开冬季防火工作会议。咨询电话13812345678。');

    // How it will be read: the phone number digit by digit in groups, the date in words.
    const reading = page.getByTestId('speech-reading');
    await expect(reading).toContainText('一三八，一二三四，五六七八');
    await expect(reading).toContainText('二零二六年十二月八日');
    await page.screenshot({ path: 'docs/screenshots/content-editor.png' });

    // The voice picker says which voices can be used now.
    await page.getByLabel('语音', { exact: true }).click();
    await expect(page.getByText('当前可用').first()).toBeVisible();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /保存草稿/ }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await expect(page.getByTestId('content-status')).toHaveText('草稿');

    await page.getByRole('tab', { name: '试听预览' }).click();
    await page.getByRole('button', { name: /生成试听（喇叭版）/ }).click();
    const audio = page.getByLabel('喇叭版（MP3）试听');
    await expect(audio).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('duration-speaker')).toHaveText(/时长 \d+(\.\d)? 秒/);
    // The player really has the file: the browser read its duration from the MP3.
    await expect.poll(() => audio.evaluate((el) => (el as { duration: number }).duration), { timeout: 15_000 }).toBeGreaterThan(1);

    await page.getByRole('button', { name: /提交审核/ }).click();
    await expect(page.getByTestId('content-status')).toHaveText('待审核');

    // The list finds it by text search, with its status.
    await page.goto(`${BASE()}/contents`);
    await page.getByLabel('搜索标题或正文').fill(title);
    await page.getByLabel('搜索标题或正文').press('Enter');
    const row = page.getByRole('row').filter({ hasText: title });
    await expect(row).toBeVisible();
    await expect(row).toContainText('待审核');
  });

  test('修改后在版本历史中比较两个版本', async ({ page }) => {
    const title = `村务公开通知 ${Date.now()}`;
    await loginAs(page, 'editor');
    await page.goto(`${BASE()}/contents/new`);
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('发布部门').fill('栖凤区民政局');
    await page.getByLabel('正文').fill('本月低保名单已在村务公开栏张贴。');
    await page.getByRole('button', { name: /保存草稿/ }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();

    await page.getByRole('tab', { name: '编辑' }).click();
    await page.getByLabel('正文').fill('本月低保名单已在村务公开栏张贴，公示七天。');
    await page.getByRole('button', { name: /保存为新版本/ }).click();
    await expect(page.getByText(/第 2 版/).first()).toBeVisible();

    await page.getByRole('tab', { name: /版本历史/ }).click();
    const diff = page.getByTestId('text-diff');
    await expect(diff.locator('ins')).toHaveText('，公示七天');
    await expect(page.getByText('新增 5 字')).toBeVisible();
  });
});
