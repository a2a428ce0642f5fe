import { expect, type Page } from '@playwright/test';
import { SEED_PASSWORD } from '../../test/support/server-process';

export const BASE = (): string => {
  const url = process.env.CONSOLE_URL;
  if (!url) throw new Error('CONSOLE_URL not set: the global setup starts the server');
  return url;
};

/** Logs in through the login page as a person would and waits for the dashboard shell. */
export async function loginAs(page: Page, username: string, password = SEED_PASSWORD): Promise<void> {
  await page.goto(`${BASE()}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByRole('button', { name: /退出登录/ })).toBeVisible();
}

/** The names in the main navigation, as the user sees them. */
export async function navLabels(page: Page): Promise<string[]> {
  const items = page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem');
  return (await items.allInnerTexts()).map((t) => t.trim());
}
