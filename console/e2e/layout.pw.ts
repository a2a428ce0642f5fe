import { expect, test } from '@playwright/test';
import { loginAs, navLabels } from './support';

/** Office PCs at county offices are often 1366×768; the duty room's screen is 1920×1080. */
const SCREENS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

for (const screen of SCREENS) {
  test(`${screen.width}×${screen.height}：每个页面都能完整显示，无横向滚动`, async ({ page }) => {
    await page.setViewportSize(screen);
    await loginAs(page, 'admin');
    const labels = await navLabels(page);
    expect(labels.length).toBeGreaterThanOrEqual(7);
    for (const label of labels) {
      await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: label }).click();
      await page.waitForLoadState('networkidle');
      await expect(page.getByRole('button', { name: /退出登录/ })).toBeInViewport();
      // Nothing wider than the window: a clerk never scrolls sideways to reach a button.
      const overflow = await page.evaluate(() => {
        const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return d.scrollWidth - d.clientWidth;
      });
      expect(overflow, `${label} 页面横向溢出 ${overflow}px`).toBeLessThanOrEqual(0);
      await expect(page.getByText('页面不存在')).toHaveCount(0);
    }
  });
}
