/**
 * `npm run bench:console` — prints one JSON object about the operator console in a real browser (Debian's Chromium
 * through Playwright) against the built server on loopback, with 2,000 registered devices:
 * - bytes of JavaScript transferred for the first page (the login page; compressed as sent) and in all;
 * - time from submitting the login form to an interactive dashboard (its data shown, nothing loading);
 * - time from opening the device list to its first rows and total shown, with 2,000 devices;
 * - same-run baselines: the raw API calls behind those pages made with fetch (what the browser can not beat),
 *   and a bare static page.
 * Targets (issue #8): first load ≤ 400 KB compressed JS; dashboard and the 2,000-device list usable within 1.5 s.
 */
import { execFileSync } from 'node:child_process';
import { chromium, type Page } from '@playwright/test';
import { Api } from './support/api';
import { SEED_PASSWORD, startServer } from './support/server-process';
import { round, spread } from './support/stats';

const DEVICES = Number(process.argv.find((a) => a.startsWith('--devices='))?.split('=')[1] ?? 2_000);
const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 5);
const JS_TARGET_BYTES = 400 * 1024;
const USABLE_TARGET_MS = 1_500;
const VILLAGES = ['510811100201', '510811100202', '510811101201', '510811101202', '510811102201', '510811102202', '510811103201', '510811200201', '510811200202', '510811200203'];
const KINDS = ['speaker', 'speaker', 'speaker', 'tv', 'led'];

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
}

function log(msg: string): void {
  process.stderr.write(`[bench:console] ${msg}\n`);
}

/** Waits until the page shows no loading indicator and no request is in flight: "usable" as a person sees it. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-spin-spinning, .ant-skeleton-active').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
}

async function main(): Promise<void> {
  const server = await startServer({ DEMO_AGENTS: '0', EDGE_TTS: 'off' });
  try {
    const operator = await Api.login(server.url, 'operator');
    const admin = await Api.login(server.url, 'admin');
    log(`registering ${DEVICES} devices…`);
    const t0 = Date.now();
    for (let i = 0; i < DEVICES; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, DEVICES - i) }, (_, k) => {
          const n = i + k;
          const kind = KINDS[n % KINDS.length];
          return operator.must('/api/devices', { name: `压测终端 ${n}`, kind, regionCode: VILLAGES[n % VILLAGES.length] }, 201);
        }),
      );
    }
    log(`registered in ${Date.now() - t0} ms`);
    void admin;

    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const firstLoad: Array<{ jsBytes: number; allBytes: number }> = [];
    const dashboardMs: number[] = [];
    const deviceListMs: number[] = [];
    const staticMs: number[] = [];
    const rawDashboardMs: number[] = [];
    const rawDevicesMs: number[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        // A fresh context is a first visit: empty cache, no session.
        const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
        const page = await context.newPage();
        const sizes: Array<Promise<{ type: string; bytes: number }>> = [];
        page.on('requestfinished', (req) => {
          sizes.push(req.sizes().then((s) => ({ type: req.resourceType(), bytes: s.responseBodySize + s.responseHeadersSize })));
        });

        await page.goto(`${server.url}/login`);
        await settled(page);
        const loaded = await Promise.all(sizes);
        firstLoad.push({ jsBytes: loaded.filter((s) => s.type === 'script').reduce((a, s) => a + s.bytes, 0), allBytes: loaded.reduce((a, s) => a + s.bytes, 0) });

        await page.getByLabel('用户名').fill('operator');
        await page.getByLabel('密码').fill(SEED_PASSWORD);
        const loginAt = Date.now();
        await page.getByRole('button', { name: /登\s*录/ }).click();
        await page.getByRole('button', { name: /退出登录/ }).waitFor();
        await settled(page);
        dashboardMs.push(Date.now() - loginAt);

        const devicesAt = Date.now();
        await page.getByRole('navigation', { name: '主导航' }).getByRole('menuitem', { name: '终端' }).click();
        await page.getByRole('row').nth(1).waitFor();
        await settled(page);
        deviceListMs.push(Date.now() - devicesAt);
        await context.close();

        // Baselines, same run: the API calls alone, and a bare static file through the same server.
        let t = Date.now();
        await operator.get('/api/dashboard');
        rawDashboardMs.push(Date.now() - t);
        t = Date.now();
        await operator.get('/api/devices?page=1&pageSize=50');
        rawDevicesMs.push(Date.now() - t);
        const ctx2 = await browser.newContext();
        const p2 = await ctx2.newPage();
        t = Date.now();
        await p2.goto(`${server.url}/api/health`);
        staticMs.push(Date.now() - t);
        await ctx2.close();
        log(`run ${run + 1}/${RUNS}: first-load JS ${firstLoad[run].jsBytes} B, dashboard ${dashboardMs[run]} ms, devices ${deviceListMs[run]} ms`);
      }
    } finally {
      await browser.close();
    }
    const med = (xs: number[]): number => round(spread(xs).p50, 0);
    const jsBytes = Math.max(...firstLoad.map((f) => f.jsBytes));
    const result = {
      bench: 'console',
      devices: DEVICES,
      runs: RUNS,
      firstLoad: { jsBytesCompressed: jsBytes, allBytesCompressed: Math.max(...firstLoad.map((f) => f.allBytes)), targetJsBytes: JS_TARGET_BYTES, met: jsBytes <= JS_TARGET_BYTES },
      dashboard: { loginToUsableMsMedian: med(dashboardMs), maxMs: Math.max(...dashboardMs), targetMs: USABLE_TARGET_MS, met: med(dashboardMs) <= USABLE_TARGET_MS },
      deviceList: { openToUsableMsMedian: med(deviceListMs), maxMs: Math.max(...deviceListMs), targetMs: USABLE_TARGET_MS, met: med(deviceListMs) <= USABLE_TARGET_MS },
      baseline: { rawDashboardApiMsMedian: med(rawDashboardMs), rawDeviceListApiMsMedian: med(rawDevicesMs), bareStaticPageMsMedian: med(staticMs) },
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await server.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
