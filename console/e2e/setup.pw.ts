import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from '../../test/support/server-process';

/** A second server with no demo: no user, no region — what a real county starts from. */
let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer({ env: { DEMO: '0', EDGE_TTS: 'off' } });
});

test.afterAll(async () => {
  await server?.stop();
});

test('首次设置：登录页转到设置向导，创建管理员和本县、导入区划，然后以新管理员登录', async ({ page }) => {
  await page.goto(`${server.url}/login`);
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByText('阳光播控 · 首次设置')).toBeVisible();

  await page.getByLabel('管理员用户名').fill('county-admin');
  await page.getByLabel('显示名').fill('区融媒体中心管理员');
  await page.getByLabel('管理员密码').fill('short');
  await page.getByLabel('再次输入密码').fill('short');
  await page.getByLabel('区划代码').fill('510812');
  await page.getByLabel('名称').fill('云台县');
  await page.getByRole('button', { name: '创建管理员和本县（区）' }).click();
  await expect(page.getByText('密码至少 10 个字符')).toBeVisible();
  await page.getByLabel('管理员密码').fill('Yuntai-admin-2026');
  await page.getByLabel('再次输入密码').fill('Yuntai-admin-2026');
  await page.screenshot({ path: 'docs/screenshots/setup.png' });
  await page.getByRole('button', { name: '创建管理员和本县（区）' }).click();

  await expect(page.getByText('已创建管理员和 云台县')).toBeVisible();
  const csv = page.getByLabel('区划 CSV 内容（可直接粘贴）');
  await csv.fill('code,name,level\n510812100000,云台镇,town\n510812100201,桃园村,village\n510812199201,孤村,village');
  await page.getByRole('button', { name: '检查' }).click();
  await expect(page.getByRole('cell', { name: '第 4 行' })).toBeVisible();
  await csv.fill('code,name,level\n510812100000,云台镇,town\n510812100201,桃园村,village');
  await page.getByRole('button', { name: '检查' }).click();
  await expect(page.getByText('检查通过：将新增 2 个区划')).toBeVisible();
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByText('导入完成：新增 2 个区划')).toBeVisible();
  await page.getByRole('button', { name: '下一步' }).click();
  await expect(page.getByText('首次设置完成')).toBeVisible();
  await page.getByRole('button', { name: '进入控制台' }).click();
  await page.getByRole('button', { name: /退出登录/ }).click();

  // Set-up is done: the login page stays, and the new administrator logs in.
  await page.goto(`${server.url}/login`);
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('用户名').fill('county-admin');
  await page.getByLabel('密码').fill('Yuntai-admin-2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('current-user')).toHaveText('区融媒体中心管理员');
  await page.goto(`${server.url}/regions`);
  await expect(page.getByRole('tree', { name: '行政区划' }).getByText(/^桃园村/)).toBeVisible();
});
