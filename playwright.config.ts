import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';

/**
 * Browser tests of the console against the built server (started once by the global setup, demo county and
 * simulated agents on free ports). Debian's Chromium is used as it is installed: Playwright never downloads a
 * browser here (county build machines and CI have no internet beyond the package registries).
 */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      /* try the next name */
    }
  }
  throw new Error('找不到 Chromium：请安装 Debian 的 chromium 软件包（apt-get install chromium）或设置 CHROMIUM_PATH');
}

export default defineConfig({
  testDir: 'console/e2e',
  testMatch: '**/*.pw.ts',
  globalSetup: './console/e2e/global-setup.ts',
  // One browser at a time: the server, its simulated agents and ffmpeg share a 2-core machine.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '.tmp/playwright-result.json' }]] : [['list']],
  outputDir: '.tmp/playwright',
  use: {
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage'] },
  },
});
