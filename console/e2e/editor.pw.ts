import { expect, test } from '@playwright/test';
import { BASE, loginAs } from './support';

/** A short mono WAV (a 440 Hz tone), standing in for a recording made in Yi. */
function toneWav(seconds: number): Buffer {
  const rate = 16_000;
  const samples = Math.round(seconds * rate);
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return buf;
}

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

  test('政策解读：问答、解读人、提问与回答语音，上传彝语录音并调整汉彝播放顺序', async ({ page }) => {
    const title = `新农合参保政策解读 ${Date.now()}`;
    await loginAs(page, 'editor');
    await page.goto(`${BASE()}/contents/new`);
    await page.getByText('政策解读', { exact: true }).click();
    await expect(page.getByRole('radio', { name: '政策解读' })).toBeChecked();
    await page.getByLabel('标题').fill(title);
    await page.getByLabel('发布部门').fill('栖凤区医疗保障局');
    await page.getByLabel('解读人').fill('区医保局 李芳');
    await page.getByLabel('问题 1').fill('今年参保缴费截止到哪天？');
    await page.getByLabel('回答 1').fill('2026年12月31日截止，个人缴费380元。');
    await page.getByRole('button', { name: /添加一组问答/ }).click();
    await page.getByLabel('问题 2').fill('在哪里缴费？');
    await page.getByLabel('回答 2').fill('可在村便民服务站或手机上缴费。');
    await expect(page.getByTestId('speech-reading')).toContainText('三百八十元');

    await page.getByLabel('回答语音').click();
    await page.getByText('粤语（离线合成）').last().click();

    await expect(page.getByTitle('彝语（ii）')).toBeVisible(); // the recording's language, 彝语 unless changed
    await page.locator('input[type=file]').setInputFiles({ name: 'yi.wav', mimeType: 'audio/wav', buffer: toneWav(2) });
    const order = page.getByRole('region', { name: '喇叭播放顺序' });
    const places = order.getByRole('listitem', { name: /^第 \d 位/ });
    await expect(places).toHaveCount(2);
    await expect(places.nth(0)).toHaveAccessibleName('第 1 位：普通话语音合成');
    await expect(places.nth(1)).toContainText(/彝语录音，2\.0 秒/);
    await page.getByRole('button', { name: '彝语上移' }).click();
    await expect(places.nth(0)).toHaveAccessibleName('第 1 位：彝语录音');

    await page.getByRole('button', { name: /保存草稿/ }).click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await page.getByRole('tab', { name: '编辑' }).click();
    await expect(page.getByLabel('解读人')).toHaveValue('区医保局 李芳');
    await expect(page.getByRole('region', { name: '喇叭播放顺序' }).getByRole('listitem', { name: /^第 1 位/ })).toHaveAccessibleName('第 1 位：彝语录音');
  });
});
