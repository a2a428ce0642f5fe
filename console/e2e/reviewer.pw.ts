import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { SEED_PASSWORD } from '../../test/support/server-process';
import { BASE, loginAs } from './support';

/** Content set up through the API as other people wrote it; the test then acts in the browser as a reviewer would. */
async function as(username: string): Promise<APIRequestContext> {
  const anon = await request.newContext({ baseURL: BASE() });
  const res = await anon.post('/api/auth/login', { data: { username, password: SEED_PASSWORD } });
  expect(res.ok()).toBeTruthy();
  const { token } = (await res.json()) as { token: string };
  await anon.dispose();
  return request.newContext({ baseURL: BASE(), extraHTTPHeaders: { authorization: `Bearer ${token}` } });
}

async function post<T = { id: string }>(api: APIRequestContext, url: string, data: unknown = {}): Promise<T> {
  const res = await api.post(url, { data });
  if (!res.ok()) throw new Error(`${url}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

test.describe('审核：差异、不能审核自己的版本、通过他人的版本', () => {
  test('审核员看到与已通过版本的差异并通过；管理员不能通过自己撰写的版本', async ({ page }) => {
    const stamp = Date.now();
    const editor = await as('editor');
    const reviewer = await as('reviewer');
    const admin = await as('admin');

    // An approved notice the editor then revises and submits again.
    const title = `集中供暖时间调整 ${stamp}`;
    const fields = { title, department: '栖凤区住建局', body: '今冬集中供暖于11月15日开始。' };
    const c = await post(editor, '/api/contents', { kind: 'notice', ...fields });
    await post(editor, `/api/contents/${c.id}/submit`);
    await post(reviewer, `/api/contents/${c.id}/approve`, { comment: '同意' });
    await post(editor, `/api/contents/${c.id}/revisions`, { ...fields, body: '今冬集中供暖于11月10日开始。' });
    await post(editor, `/api/contents/${c.id}/submit`);

    // A notice the admin (who also holds the editor role) wrote and submitted.
    const ownTitle = `管理员撰写的通知 ${stamp}`;
    const own = await post(admin, '/api/contents', { kind: 'notice', title: ownTitle, department: '栖凤区政府办', body: '测试自审。' });
    await post(admin, `/api/contents/${own.id}/submit`);
    await Promise.all([editor.dispose(), reviewer.dispose(), admin.dispose()]);

    await loginAs(page, 'reviewer');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '审核' }).click();
    await expect(page.getByRole('heading', { name: '审核' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: title });
    await expect(row).toContainText('第 2 版（修改）');
    await row.getByRole('link', { name: '审核', exact: true }).click();

    await expect(page.getByText('与已通过的第 1 版比较')).toBeVisible();
    await expect(page.getByText('editor', { exact: true })).toBeVisible(); // who wrote it
    const diff = page.getByTestId('text-diff');
    await expect(diff.locator('del')).toHaveText('5');
    await expect(diff.locator('ins')).toHaveText('0');
    await expect(page.getByRole('button', { name: /审核通过/ })).toBeEnabled();
    await page.screenshot({ path: 'docs/screenshots/review.png' });

    await page.getByLabel('审核意见').fill('时间已核实');
    await page.getByRole('button', { name: /审核通过/ }).click();
    await expect(page.getByText(`已审核通过《${title}》`)).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: title })).toHaveCount(0);

    // An approved content can be withdrawn from the 内容 page, after a confirmation.
    await page.goto(`${BASE()}/contents/${c.id}`);
    await expect(page.getByTestId('content-status')).toHaveText('已通过');
    await page.getByRole('button', { name: /撤回/ }).click();
    await page.getByRole('tooltip').getByRole('button', { name: /撤\s*回/ }).click();
    await expect(page.getByTestId('content-status')).toHaveText('已撤回');
    await expect(page.getByRole('button', { name: /撤回/ })).toHaveCount(0);

    // The admin opens the notice they wrote: approving is refused, and the page says why.
    await loginAs(page, 'admin');
    await page.goto(`${BASE()}/review`);
    const ownRow = page.getByRole('row').filter({ hasText: ownTitle });
    await expect(ownRow).toContainText('本人');
    await ownRow.getByRole('link', { name: '审核', exact: true }).click();
    await expect(page.getByText('首次提交（没有已通过的版本可比较）')).toBeVisible();
    await expect(page.getByRole('button', { name: /审核通过/ })).toBeDisabled();
    await expect(page.getByTestId('approve-blocked')).toContainText('不能审核通过自己撰写的版本');
  });

  test('驳回须填写意见，编辑在内容页看到驳回意见', async ({ page }) => {
    const title = `秋收补贴发放 ${Date.now()}`;
    const editor = await as('editor');
    const c = await post(editor, '/api/contents', { kind: 'notice', title, department: '栖凤区农业农村局', body: '补贴将于本月底发放。' });
    await post(editor, `/api/contents/${c.id}/submit`);
    await editor.dispose();

    await loginAs(page, 'reviewer');
    await page.goto(`${BASE()}/review/${c.id}`);
    await page.getByRole('button', { name: /驳\s*回/ }).click();
    await expect(page.getByRole('alert')).toContainText('驳回时请填写审核意见');
    await page.getByLabel('审核意见').fill('请写明具体发放日期');
    await page.getByRole('button', { name: /驳\s*回/ }).click();
    await expect(page.getByText(`已驳回《${title}》`)).toBeVisible();

    await loginAs(page, 'editor');
    await page.goto(`${BASE()}/contents/${c.id}`);
    await expect(page.getByTestId('content-status')).toHaveText('已驳回');
    await expect(page.getByText('审核驳回：请写明具体发放日期')).toBeVisible();
  });
});
