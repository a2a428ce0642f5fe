import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { SEED_PASSWORD } from '../../test/support/server-process';
import { BASE, loginAs } from './support';

const TOWN = '青石镇';
const TOWN_CODE = '510811100000';
const VILLAGE_CODE = '510811100201';
const DEVICE_NAME = '柏林村广播';
const SHOTS = 'docs/screenshots';

async function tokenFor(api: APIRequestContext, username: string): Promise<string> {
  const r = await api.post('/api/auth/login', { data: { username, password: SEED_PASSWORD } });
  expect(r.ok()).toBeTruthy();
  return ((await r.json()) as { token: string }).token;
}

/**
 * A loudspeaker in the town keeping the default quiet hours (22:00–06:00): the demo devices have none so the
 * demo airs at any hour. Returns its id and how many devices the town now has.
 */
async function quietSpeaker(): Promise<{ id: string; townDevices: number }> {
  const api = await playwrightRequest.newContext({ baseURL: BASE() });
  const operator = { authorization: `Bearer ${await tokenFor(api, 'operator')}` };
  const id = `spk-${VILLAGE_CODE}-q${Date.now() % 100000}`;
  const r = await api.post('/api/devices', { headers: operator, data: { id, name: `柏林村院坝喇叭 ${id.slice(-6)}`, kind: 'speaker', regionCode: VILLAGE_CODE } });
  expect(r.status()).toBe(201);
  const count = await api.post('/api/devices/count', { headers: operator, data: { regionCodes: [TOWN_CODE] } });
  const townDevices = ((await count.json()) as { count: number }).count;
  await api.dispose();
  return { id, townDevices };
}

/** An approved notice with its speaker rendition ready, written by the editor and approved by the reviewer. */
async function approvedNotice(title: string): Promise<void> {
  const api = await playwrightRequest.newContext({ baseURL: BASE() });
  const editor = { authorization: `Bearer ${await tokenFor(api, 'editor')}` };
  const reviewer = { authorization: `Bearer ${await tokenFor(api, 'reviewer')}` };
  const created = await api.post('/api/contents', {
    headers: editor,
    data: { kind: 'notice', title, body: '请各村民于本周内到村委会领取冬季防火宣传资料。', department: '栖凤区人民政府办公室' },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await api.post(`/api/contents/${id}/submit`, { headers: editor })).ok()).toBeTruthy();
  const approved = await api.post(`/api/contents/${id}/approve`, { headers: reviewer, data: { comment: '同意' } });
  expect(approved.ok()).toBeTruthy();
  const { approvedRevisionId } = (await approved.json()) as { approvedRevisionId: string };
  // Scheduling works before the render finishes, but the timeline would then say "缺少媒体": wait for the MP3.
  await expect
    .poll(async () => {
      const r = await api.get(`/api/revisions/${approvedRevisionId}/renditions`, { headers: editor });
      return r.ok() ? ((await r.json()) as unknown[]).length : 0;
    }, { timeout: 60_000 })
    .toBeGreaterThan(0);
  await api.dispose();
}

/** The next Monday–Friday after today in the county's zone, as YYYY-MM-DD. */
function nextWeekday(): string {
  const shanghai = new Date(Date.now() + 8 * 3_600_000);
  for (let i = 1; i <= 7; i++) {
    const d = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + i));
    if (d.getUTCDay() >= 1 && d.getUTCDay() <= 5) return d.toISOString().slice(0, 10);
  }
  throw new Error('unreachable');
}

test.describe('运维：排期与终端', () => {
  test('排期到一个镇的工作日 07:00：保存前看到 23:00 的静音时段冲突，保存后在终端时间线上看到这一条及原因', async ({ page }) => {
    const title = `冬季防火通知 ${Date.now()}`;
    await approvedNotice(title);
    const speaker = await quietSpeaker();
    await loginAs(page, 'operator');

    await page.getByRole('navigation', { name: '主导航' }).getByText('排期').click();
    await page.getByRole('button', { name: '新建排期' }).click();
    await expect(page.getByRole('heading', { name: '新建排期' })).toBeVisible();

    const content = page.getByLabel('内容', { exact: true });
    await content.click();
    await content.fill(title);
    await page.keyboard.press('Enter');

    await page.getByLabel('播出区域').click();
    await page.locator('.ant-select-dropdown').getByText(TOWN, { exact: true }).click();
    await page.keyboard.press('Escape');
    // The town's demo loudspeakers and screens, and the quiet-hours speaker added above.
    await expect(page.getByTestId('region-device-count')).toContainText(`覆盖 ${speaker.townDevices} 台设备`);

    // Weekdays are preselected; a 23:00 slot falls in the loudspeakers' quiet hours (22:00–06:00).
    await page.getByLabel('播出时刻').fill('23:00');
    await expect(page.getByTestId('rule-text')).toContainText('每个工作日 23:00');
    const quiet = page.getByRole('alert').filter({ hasText: '落在静音时段' });
    await expect(quiet).toBeVisible();
    // Only the added speaker keeps quiet hours (the demo devices have none).
    await expect(quiet).toContainText('（1 台设备）');
    await page.screenshot({ path: `${SHOTS}/schedule-new.png` });

    await page.getByLabel('播出时刻').fill('07:00');
    await expect(page.getByTestId('rule-text')).toContainText('每个工作日 07:00');
    await expect(page.getByText('落在静音时段')).toHaveCount(0);
    await expect(page.getByTestId('preview-device-count')).toContainText(`${speaker.townDevices} 台`);
    await page.getByRole('button', { name: '保存排期' }).click();

    await expect(page).toHaveURL(/\/schedules\?tab=list$/);
    const row = page.getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('每个工作日 07:00');
    await expect(row).toContainText(TOWN);
    await expect(row).toContainText('有效');

    await page.getByRole('tab', { name: '日历' }).click();
    await page.getByRole('button', { name: '下一周' }).click();
    await expect(page.getByRole('gridcell').filter({ hasText: title }).first()).toContainText('07:00');
    await page.screenshot({ path: `${SHOTS}/schedules.png` });
    await page.getByText('月', { exact: true }).click();
    await expect(page.getByTestId('calendar-range')).toHaveText(/^\d{4} 年 \d{1,2} 月$/);
    // Five weekdays a week: at least the four full weeks of a month show it.
    await expect(page.getByRole('gridcell').filter({ hasText: title }).nth(3)).toBeVisible();

    const day = nextWeekday();
    await page.goto(`${BASE()}/schedules/timeline/${speaker.id}?date=${day}`);
    await expect(page.getByRole('heading', { name: '终端播出时间线' })).toBeVisible();
    const item = page.getByRole('row').filter({ hasText: title });
    await expect(item).toContainText('07:00');
    await expect(item).toContainText('播出');
    await expect(item).toContainText('按排期于 07:00 播出');
    await expect(page.getByText('22:00–06:00', { exact: true })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/device-timeline.png` });

    // Cancelling takes it off the device's day.
    await page.goto(`${BASE()}/schedules?tab=list`);
    await page.getByRole('row').filter({ hasText: title }).getByRole('button', { name: /取\s*消/ }).click();
    await page.getByRole('button', { name: '取消排期' }).click();
    await expect(page.getByText(`已取消《${title}》的排期`)).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: title })).toHaveCount(0);
    await page.goto(`${BASE()}/schedules/timeline/${speaker.id}?date=${day}`);
    await expect(page.getByText(`${day} 这台设备没有要播出的内容`)).toBeVisible();
  });

  test('设置一台喇叭的音量，看到模拟设备回报的结果', async ({ page }) => {
    const api = await playwrightRequest.newContext({ baseURL: BASE() });
    const operator = { authorization: `Bearer ${await tokenFor(api, 'operator')}` };
    // The list's own totals (disabled devices included), read through the API: other tests register devices too.
    const count = async (region: string) =>
      ((await (await api.get(`/api/devices?region=${region}&page=1&pageSize=1`, { headers: operator })).json()) as { total: number }).total;
    const [all, town] = [await count('510811000000'), await count(TOWN_CODE)];
    await api.dispose();

    await loginAs(page, 'operator');
    await page.getByRole('navigation', { name: '主导航' }).getByText('终端').click();
    await expect(page.getByText(`共 ${all} 台设备`)).toBeVisible();
    await page.getByRole('treeitem', { name: TOWN }).click();
    await expect(page.getByText(`共 ${town} 台设备`)).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: DEVICE_NAME })).toContainText('在线');
    await page.screenshot({ path: `${SHOTS}/devices.png` });
    // Only the offline ones: the demo speaker (online, its agent runs) leaves the list.
    await page.getByLabel('在线状态').click();
    await page.locator('.ant-select-dropdown:visible').getByText('离线', { exact: true }).click();
    await expect(page).toHaveURL(/status=offline/);
    await expect(page.getByText(/共 \d+ 台设备/)).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: DEVICE_NAME })).toHaveCount(0);
    await page.getByLabel('在线状态').click();
    await page.locator('.ant-select-dropdown:visible').getByText('在线', { exact: true }).click();
    await expect(page.getByRole('row').filter({ hasText: DEVICE_NAME })).toContainText('在线');

    await page.getByRole('link', { name: DEVICE_NAME }).click();
    await expect(page.getByRole('heading', { name: DEVICE_NAME })).toBeVisible();
    await expect(page.getByTestId('device-status')).toHaveText('在线');
    const volume = 30 + (Date.now() % 40);
    await page.getByLabel('音量', { exact: true }).fill(String(volume));
    await page.getByRole('button', { name: '设置音量' }).click();
    const row = page.getByRole('row').filter({ hasText: `设置音量为 ${volume}` });
    // The simulated agent answers over MQTT; its own words are shown (a silent backend saves the level but says it cannot apply it).
    await expect(row).toContainText(new RegExp(`音量已设为 ${volume}|音量 ${volume} 已保存`), { timeout: 30_000 });
    await expect(row).not.toContainText('等待设备回应');
    // The state report with the new level comes after the result: the page follows the device, no reload.
    await expect(page.getByTestId('device-volume')).toHaveText(String(volume));
    await page.screenshot({ path: `${SHOTS}/device-detail.png` });
  });

  test('登记设备：令牌只显示一次，并给出可复制的设备端启动命令和时间线链接', async ({ page }) => {
    await loginAs(page, 'operator');
    await page.goto(`${BASE()}/devices`);
    await page.getByRole('button', { name: '登记设备' }).click();
    const dialog = page.getByRole('dialog', { name: '登记设备' });
    const name = `石板村新装喇叭 ${Date.now() % 100000}`;
    await dialog.getByLabel('设备名称').fill(name);
    await dialog.getByLabel('所在区划').fill('石板村');
    await page.keyboard.press('Enter');
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
    await expect(dialog.getByTitle('石板村')).toBeVisible();
    await dialog.getByRole('button', { name: /登\s*记/ }).click();

    await expect(dialog.getByText(`设备“${name}”已登记`)).toBeVisible();
    await expect(dialog.getByText('设备令牌只显示这一次')).toBeVisible();
    const token = (await dialog.getByTestId('device-token').innerText()).trim();
    expect(token.length).toBeGreaterThan(20);
    const command = dialog.getByTestId('agent-command');
    await expect(command).toContainText(`--token ${token}`);
    await expect(command).toContainText(`--server ${BASE()}`);
    await expect(command).toContainText(/--mqtt mqtt:\/\/127\.0\.0\.1:\d+/);
    await expect(command).toContainText(/--device-id speaker-510811100202-[0-9a-f]{6}/);
    await expect(dialog.getByTestId('agent-install')).toContainText(`${BASE()}/api/agent/install.sh | sudo sh -s -- --server ${BASE()}`);
    await expect(dialog.getByTestId('agent-install')).toContainText(`--token ${token}`);
    await expect(dialog.getByRole('link', { name: '查看它今天的播出时间线' })).toBeVisible();

    await dialog.getByRole('button', { name: '我已保存令牌，关闭' }).click();
    await expect(dialog).toBeHidden();
    await page.getByLabel('搜索设备名称或编号').fill(name);
    const row = page.getByRole('row').filter({ hasText: name });
    await expect(row).toContainText('离线');
    // Shown once: nowhere on the list is the token.
    await expect(page.getByText(token)).toHaveCount(0);
  });
});
