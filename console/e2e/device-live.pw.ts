import { expect, request as playwrightRequest, test } from '@playwright/test';
import { connectDevice } from '../../test/support/mqtt-device';
import { SEED_PASSWORD } from '../../test/support/server-process';
import { BASE, loginAs } from './support';

// A new speaker keeps default quiet hours and is an alert target: the test deletes it again (other files count towns).
const VILLAGE_CODE = '510811103202';

function mqttUrl(): string {
  const url = process.env.CONSOLE_MQTT_URL;
  if (!url) throw new Error('CONSOLE_MQTT_URL not set: the global setup starts the server');
  return url;
}

/** A new loudspeaker registered through the API, with the token its agent would connect with. */
async function registeredSpeaker(): Promise<{ id: string; name: string; token: string }> {
  const api = await playwrightRequest.newContext({ baseURL: BASE() });
  const login = await api.post('/api/auth/login', { data: { username: 'operator', password: SEED_PASSWORD } });
  const operator = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  const id = `spk-${VILLAGE_CODE}-live${Date.now() % 100000}`;
  const name = `实时测试喇叭 ${id.slice(-5)}`;
  const r = await api.post('/api/devices', { headers: operator, data: { id, name, kind: 'speaker', regionCode: VILLAGE_CODE } });
  expect(r.status()).toBe(201);
  const { token } = (await r.json()) as { token: string };
  await api.dispose();
  return { id, name, token };
}

test.describe('运维：终端详情跟随设备状态', () => {
  test('设备上线、回报音量、发来坏消息、下线：详情页不用刷新就能看到，坏消息有中文说明', async ({ page }) => {
    const speaker = await registeredSpeaker();
    await loginAs(page, 'operator');
    await page.goto(`${BASE()}/devices/${speaker.id}`);
    await expect(page.getByRole('heading', { name: speaker.name })).toBeVisible();
    await expect(page.getByTestId('device-status')).toHaveText('离线');
    await expect(page.getByTestId('device-volume')).toHaveText('—');
    await expect(page.getByTestId('device-message-problem')).toHaveCount(0);

    // The device comes up as an agent would: a state report over MQTT with its volume.
    const device = await connectDevice(mqttUrl(), speaker.id, speaker.token);
    const topic = `sunshine/v1/devices/${speaker.id}/state`;
    try {
      await device.publishAsync(topic, JSON.stringify({ online: true, deviceId: speaker.id, at: new Date().toISOString(), agentVersion: 'pw-live', volume: 42 }), { qos: 1 });
      await expect(page.getByTestId('device-status')).toHaveText('在线');
      await expect(page.getByTestId('device-volume')).toHaveText('42');

      // A broken agent: the server drops the message and the operator reads why, in Chinese.
      await device.publishAsync(topic, JSON.stringify({ online: 'yes', volume: 'loud' }), { qos: 1 });
      const problem = page.getByTestId('device-message-problem');
      await expect(problem).toContainText('服务器丢弃了这台设备的消息：消息格式错误');
      await expect(problem).toContainText('状态消息已丢弃');
      await expect(problem).toContainText('条被丢弃的消息');

      // A clean shutdown says offline: the page follows, keeping the last reported volume.
      await device.publishAsync(topic, JSON.stringify({ online: false, deviceId: speaker.id, at: new Date().toISOString() }), { qos: 1 });
      await expect(page.getByTestId('device-status')).toHaveText('离线');
      await expect(page.getByTestId('device-volume')).toHaveText('42');
    } finally {
      await device.endAsync(true);
      // Other files count the devices of a town (quiet hours, alert targets): leave none behind.
      const api = await playwrightRequest.newContext({ baseURL: BASE() });
      const login = await api.post('/api/auth/login', { data: { username: 'operator', password: SEED_PASSWORD } });
      const token = ((await login.json()) as { token: string }).token;
      expect((await api.delete(`/api/devices/${speaker.id}`, { headers: { authorization: `Bearer ${token}` } })).ok()).toBeTruthy();
      await api.dispose();
    }
  });
});
