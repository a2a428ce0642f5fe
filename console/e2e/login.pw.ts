import { expect, test } from '@playwright/test';
import { BASE, loginAs, navLabels } from './support';

test.describe('登录与角色', () => {
  test('未登录访问页面时转到登录页，登录后回到原来的位置', async ({ page }) => {
    await page.goto(`${BASE()}/playlogs?x=1`);
    await expect(page).toHaveURL(/\/login\?next=%2Fplaylogs%3Fx%3D1$/);
    await expect(page.getByText('基层政务公开播控平台')).toBeVisible();
    await page.getByLabel('用户名').fill('operator');
    await page.getByLabel('密码').fill(process.env.SEED_PASSWORD ?? 'e2e-Passw0rd');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page).toHaveURL(/\/playlogs\?x=1$/);
  });

  test('密码错误时显示服务器的中文提示', async ({ page }) => {
    await page.goto(`${BASE()}/login`);
    await page.getByLabel('用户名').fill('editor');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByRole('alert')).toContainText('用户名或密码错误');
  });

  test('导航只显示该角色可用的页面；刷新后仍保持登录', async ({ page }) => {
    await loginAs(page, 'editor');
    expect(await navLabels(page)).toEqual(['工作台', '内容', '排期', '播放记录', '报表']);
    await expect(page.getByTestId('current-user')).toContainText('王晓梅');
    await page.reload();
    await expect(page.getByTestId('current-user')).toContainText('王晓梅');
  });

  test('只用键盘即可登录', async ({ page }) => {
    await page.goto(`${BASE()}/login`);
    await expect(page.getByLabel('用户名')).toBeFocused();
    await page.keyboard.type('reviewer');
    await page.keyboard.press('Tab');
    await page.keyboard.type(process.env.SEED_PASSWORD ?? 'e2e-Passw0rd');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: /退出登录/ })).toBeVisible();
    await expect(page.getByTestId('current-user')).toContainText('赵志刚');
  });

  test('值班员只看到工作台和应急广播；打开无权页面显示无权访问', async ({ page }) => {
    await loginAs(page, 'duty');
    expect(await navLabels(page)).toEqual(['工作台', '应急广播']);
    await page.goto(`${BASE()}/devices`);
    await expect(page.getByText('无权访问')).toBeVisible();
  });

  test('会话失效（401）时回到登录页并保留位置；退出登录', async ({ page }) => {
    await loginAs(page, 'admin');
    await page.evaluate(() => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('sunshine.token', 'revoked'));
    await page.goto(`${BASE()}/devices`);
    await expect(page).toHaveURL(/\/login\?next=%2Fdevices$/);
    await loginAs(page, 'admin');
    await page.getByRole('button', { name: /退出登录/ }).click();
    await expect(page).toHaveURL(/\/login$/);
  });
});
