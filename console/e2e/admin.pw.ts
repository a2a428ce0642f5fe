import { expect, test, type Page } from '@playwright/test';
import { BASE, loginAs } from './support';

/** Picks options of an antd Select (by exact option text) opened from its label. */
async function pickOptions(page: Page, label: string, options: string[]): Promise<void> {
  await page.getByLabel(label).click();
  for (const o of options) await page.locator('.ant-select-item-option').filter({ hasText: new RegExp(`^${o}$`) }).click();
  await page.keyboard.press('Escape');
}

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: /退出登录/ }).click();
  await expect(page.getByLabel('用户名')).toBeVisible();
}

test.describe('管理员', () => {
  test('创建乡镇编辑，其用一次性密码登录后必须改密码，之后只能选择本镇', async ({ page }) => {
    const username = `qs-xc-${Date.now() % 1_000_000}`;
    await loginAs(page, 'admin');
    await page.getByRole('navigation', { name: '主导航' }).getByText('用户').click();
    await expect(page.getByRole('cell', { name: 'editor', exact: true })).toBeVisible();
    await page.getByRole('button', { name: '新建用户' }).click();
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('显示名').fill('李娟(青石镇宣传委员)');
    await page.getByLabel('初始密码').fill('Qingshi-init-2026');
    // A town's 宣传委员 writes notices and is the town's duty officer: both pick regions, only in the town.
    await pickOptions(page, '角色', ['编辑', '应急值班员']);
    await page.getByLabel('管辖范围').click();
    await page.locator('.ant-select-tree').getByTitle('青石镇', { exact: true }).click();
    await page.getByRole('button', { name: '创建' }).click();
    const row = page.getByRole('row').filter({ hasText: username });
    await expect(row).toContainText('青石镇');
    await expect(row).toContainText('编辑');

    await row.getByRole('button', { name: '重置密码' }).click();
    await page.getByRole('button', { name: '重置', exact: true }).click();
    const oneTime = (await page.getByTestId('one-time-password').innerText()).trim();
    expect(oneTime.length).toBeGreaterThanOrEqual(10);
    await expect(row).toContainText('待改一次性密码');
    await page.getByRole('button', { name: '我已记下' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.screenshot({ path: 'docs/screenshots/users.png' });
    await logout(page);

    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(oneTime);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page).toHaveURL(/\/password/);
    await expect(page.getByText('您正在使用管理员设置的一次性密码')).toBeVisible();
    // Nothing else opens until the password is changed.
    await page.goto(`${BASE()}/alerts/new`);
    await expect(page).toHaveURL(/\/password/);
    await page.getByLabel('一次性密码').fill(oneTime);
    await page.getByLabel('新密码', { exact: true }).fill('short');
    await page.getByLabel('再次输入新密码').fill('short');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await expect(page.getByText('密码至少 10 个字符')).toBeVisible();
    await page.getByLabel('新密码', { exact: true }).fill('Baiyun-spring-2026');
    await page.getByLabel('再次输入新密码').fill('Baiyun-spring-2026');
    await page.getByRole('button', { name: '保存新密码' }).click();
    await expect(page.getByText('密码已修改')).toBeVisible();
    await expect(page).not.toHaveURL(/\/password/);

    await page.goto(`${BASE()}/alerts/new`);
    await page.getByLabel('目标区域').click();
    const picker = page.locator('.ant-select-tree');
    await expect(picker.getByTitle('青石镇', { exact: true })).toBeVisible();
    await expect(picker.getByTitle('白鹤镇', { exact: true })).toHaveCount(0);
    await expect(picker.getByTitle('栖凤区', { exact: true })).toHaveCount(0);
  });

  test('导入区划 CSV：有错的行按行号报告，改正后导入', async ({ page }) => {
    const code = `510811100${300 + (Date.now() % 600)}`;
    const name = `青杠村${code.slice(-3)}`;
    await loginAs(page, 'admin');
    await page.goto(`${BASE()}/regions`);
    await expect(page.getByRole('tree', { name: '行政区划' }).getByText(/^青石镇/)).toBeVisible();
    await page.getByRole('button', { name: '导入 CSV' }).click();
    await page.getByLabel('区划 CSV 内容（可直接粘贴）').fill(`code,name,level\n${code},${name},village\n5108119,坏代码村,village`);
    await page.getByRole('button', { name: '检查' }).click();
    await expect(page.getByText('区划文件有 1 个问题')).toBeVisible();
    await expect(page.getByRole('cell', { name: '第 3 行' })).toBeVisible();
    await expect(page.getByRole('button', { name: '导入', exact: true })).toBeDisabled();

    await page.getByLabel('区划 CSV 内容（可直接粘贴）').fill(`code,name,level\n${code},${name},village`);
    await page.getByRole('button', { name: '检查' }).click();
    await expect(page.getByText('检查通过：将新增 1 个区划')).toBeVisible();
    await page.getByRole('button', { name: '导入', exact: true }).click();
    await expect(page.getByText('导入完成：新增 1 个区划')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('tree', { name: '行政区划' }).getByText(new RegExp(`^${name}`))).toBeVisible();
    await page.getByRole('tree', { name: '行政区划' }).getByText(/^柏林村/).click();
    await page.screenshot({ path: 'docs/screenshots/regions.png' });
    // A village with devices cannot be deleted: the server's reason is shown.
    await page.getByRole('button', { name: '删除区划' }).click();
    await page.getByRole('button', { name: '删除', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: '设备' })).toBeVisible();
  });

  test('批量登记终端后看到它们，停用其中一台后显示已停用', async ({ page }) => {
    const stamp = Date.now() % 1_000_000;
    const names = [`双河村测试喇叭${stamp}`, `桂花村测试喇叭${stamp}`];
    await loginAs(page, 'admin');
    await page.getByRole('navigation', { name: '主导航' }).getByText('批量登记').click();
    await page.getByLabel('终端清单 CSV（可直接粘贴）').fill(`name,kind,regionCode,tags\n${names[0]},speaker,510811101201,测试\n${names[1]},speaker,5108111012,测试`);
    await page.getByRole('button', { name: '检查' }).click();
    await expect(page.getByRole('cell', { name: '第 3 行' })).toBeVisible();
    await page.getByLabel('终端清单 CSV（可直接粘贴）').fill(`name,kind,regionCode,tags\n${names[0]},speaker,510811101201,测试\n${names[1]},speaker,510811101202,测试`);
    await page.getByRole('button', { name: '检查' }).click();
    await expect(page.getByText('检查通过：可以登记 2 台终端')).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '登记并下载令牌' }).click();
    expect((await download).suggestedFilename()).toBe('device-tokens.csv');
    await expect(page.getByText('已登记 2 台终端')).toBeVisible();
    for (const n of names) await expect(page.getByRole('cell', { name: n })).toBeVisible();
    await expect(page.getByRole('cell', { name: '桂花村', exact: true })).toBeVisible();
    await page.screenshot({ path: 'docs/screenshots/device-bulk.png' });

    // Both are in the device list; a device's detail leads to its management page.
    await page.goto(`${BASE()}/devices`);
    for (const [n, village] of [[names[0], '双河村'], [names[1], '桂花村']]) {
      await page.getByLabel('搜索设备名称或编号').fill(n);
      await expect(page.getByRole('row').filter({ hasText: n })).toContainText(village);
    }
    await page.getByLabel('搜索设备名称或编号').fill(names[0]);
    await page.getByRole('row').filter({ hasText: names[0] }).getByRole('link').first().click();
    await page.getByRole('button', { name: /管理此终端/ }).click();
    await expect(page.getByText(`终端管理：${names[0]}`)).toBeVisible();
    await expect(page.getByText('已启用')).toBeVisible();
    await page.getByRole('button', { name: '停用' }).click();
    await page.getByRole('button', { name: '停用', exact: true }).last().click();
    await expect(page.getByTestId('device-disabled')).toHaveText('已停用');
    await expect(page.getByText('此终端已停用')).toBeVisible();
    const manage = page.url();
    await page.goto(`${BASE()}/devices`);
    await page.getByLabel('搜索设备名称或编号').fill(names[0]);
    await expect(page.getByRole('row').filter({ hasText: names[0] })).toContainText('已停用');
    await page.goto(manage);

    // A new token is shown once, with the install command filled in for this device.
    await page.getByRole('button', { name: '更换令牌' }).click();
    await page.getByRole('button', { name: '更换', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '新的终端令牌' });
    await expect(dialog.getByTestId('device-token')).not.toBeEmpty();
    await expect(dialog).toContainText('/api/agent/install.sh');
    await expect(dialog).toContainText('--device-id ' + page.url().split('/devices/')[1].split('/')[0]);
    await dialog.getByRole('button', { name: '我已记下' }).click();

    // Edit: rename and set the default volume.
    await page.getByRole('button', { name: '编辑' }).click();
    await page.getByLabel('名称').fill(`${names[0]}（改）`);
    await page.getByLabel('默认音量').fill('55');
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText(`终端管理：${names[0]}（改）`)).toBeVisible();
    await expect(page.getByRole('cell', { name: '55', exact: true }).or(page.getByText('55', { exact: true }))).toBeVisible();
  });

  test('审计日志按操作筛选，显示操作人、来源地址和对象', async ({ page }) => {
    await loginAs(page, 'admin');
    await page.getByRole('navigation', { name: '主导航' }).getByText('审计日志').click();
    await expect(page.getByRole('cell', { name: '登录成功' }).first()).toBeVisible();
    await page.getByLabel('操作', { exact: true }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^新建用户$/ }).click();
    await page.getByRole('button', { name: '查询' }).click();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect(rows.first()).toContainText('新建用户');
    await expect(rows.first()).toContainText('admin');
    await expect(rows.first()).toContainText('127.0.0.1');
    await expect(rows.filter({ hasNotText: '新建用户' })).toHaveCount(0);
    await page.screenshot({ path: 'docs/screenshots/audit.png' });
  });
});
