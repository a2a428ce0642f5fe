import type { AuthResult, DeviceAuthService } from './device-auth.service';
import { BrokerHooksService } from './broker-hooks.service';

/**
 * Contract: the answers are exactly EMQX 5's HTTP authentication and authorisation formats, so an EMQX configured
 * as docs/ops/brokers.md says reads them as meant. Extra keys EMQX ignores are allowed only where named.
 */
const AUTHN_KEYS = ['result', 'is_superuser', 'reason'];
const AUTHZ_KEYS = ['result', 'reason'];

function emqxAuthnErrors(body: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (!['allow', 'deny', 'ignore'].includes(body.result as string)) errors.push(`result ${String(body.result)}`);
  if (typeof body.is_superuser !== 'boolean') errors.push('is_superuser must be a boolean');
  for (const k of Object.keys(body)) if (!AUTHN_KEYS.includes(k)) errors.push(`unexpected key ${k}`);
  return errors;
}

function emqxAuthzErrors(body: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (!['allow', 'deny'].includes(body.result as string)) errors.push(`result ${String(body.result)}`);
  for (const k of Object.keys(body)) if (!AUTHZ_KEYS.includes(k)) errors.push(`unexpected key ${k}`);
  return errors;
}

describe('BrokerHooksService (EMQX 5 HTTP formats)', () => {
  const devices = new Map([
    ['spk-1', { active: true, token: 'good', regionCodes: ['510811100201', '510811100000', '510811000000', '510800000000', '510000000000'] }],
    ['spk-off', { active: false, token: 'good', regionCodes: ['510811100201'] }],
  ]);
  const auth = {
    authenticate: async (c: { clientId: string; username: string; password: string }): Promise<AuthResult> => {
      if (c.username === 'sunshine-server') return c.password === 'srv' ? { ok: true, principal: { type: 'server' } } : { ok: false, reason: '服务端凭据错误', returnCode: 4 };
      const d = devices.get(c.username);
      if (!d || d.token !== c.password) return { ok: false, reason: '用户名或设备令牌无效', returnCode: 4 };
      if (!d.active) return { ok: false, reason: `设备 ${c.username} 已停用`, returnCode: 5 };
      return { ok: true, principal: { type: 'device', deviceId: c.username, regionCodes: d.regionCodes } };
    },
    knows: async (u: string) => u === 'sunshine-server' || devices.has(u),
    principalFor: async (u: string) => {
      if (u === 'sunshine-server') return { type: 'server' as const };
      const d = devices.get(u);
      return d?.active ? { type: 'device' as const, deviceId: u, regionCodes: d.regionCodes } : null;
    },
  } as unknown as DeviceAuthService;
  const hooks = new BrokerHooksService(auth);

  it.each<[string, string, { clientid: string; username: string; password?: string }]>([
    ['a device with its token', 'allow', { clientid: 'spk-1', username: 'spk-1', password: 'good' }],
    ['the server', 'allow', { clientid: 'sunshine-server-x', username: 'sunshine-server', password: 'srv' }],
    ['a device with a wrong token', 'deny', { clientid: 'spk-1', username: 'spk-1', password: 'bad' }],
    ['a disabled device', 'deny', { clientid: 'spk-off', username: 'spk-off', password: 'good' }],
    ['the server with a wrong password', 'deny', { clientid: 's', username: 'sunshine-server', password: 'x' }],
    ['a user name that is not ours', 'ignore', { clientid: 'dashboard', username: 'ops-dashboard', password: 'x' }],
    ['no user name', 'ignore', { clientid: 'anon', username: '' }],
  ])('should answer authentication of %s with result %s, never a superuser', async (_, result, req) => {
    const body = (await hooks.authenticate(req)) as unknown as Record<string, unknown>;
    expect(emqxAuthnErrors(body)).toEqual([]);
    expect(body).toMatchObject({ result, is_superuser: false });
    if (result === 'allow') expect(body).toEqual({ result: 'allow', is_superuser: false });
  });

  it.each<[string, string, { username: string; topic: string; action: 'publish' | 'subscribe' }]>([
    ['its own playlist', 'allow', { username: 'spk-1', topic: 'sunshine/v1/devices/spk-1/playlist', action: 'subscribe' }],
    ['its town\'s alerts', 'allow', { username: 'spk-1', topic: 'sunshine/v1/alerts/510811100000', action: 'subscribe' }],
    ['its own state', 'allow', { username: 'spk-1', topic: 'sunshine/v1/devices/spk-1/state', action: 'publish' }],
    ['another device\'s playlist', 'deny', { username: 'spk-1', topic: 'sunshine/v1/devices/spk-2/playlist', action: 'subscribe' }],
    ['a wildcard', 'deny', { username: 'spk-1', topic: 'sunshine/v1/#', action: 'subscribe' }],
    ['an alert as a publisher', 'deny', { username: 'spk-1', topic: 'sunshine/v1/alerts/510811100000', action: 'publish' }],
    ['a disabled device', 'deny', { username: 'spk-off', topic: 'sunshine/v1/devices/spk-off/state', action: 'publish' }],
    ['an unknown client (unmatched is deny, not ignore)', 'deny', { username: 'ops-dashboard', topic: 'x', action: 'subscribe' }],
  ])('should answer authorisation of %s with result %s', async (_, result, req) => {
    const body = (await hooks.authorize(req)) as unknown as Record<string, unknown>;
    expect(emqxAuthzErrors(body)).toEqual([]);
    expect(body.result).toBe(result);
    if (result === 'allow') expect(body).toEqual({ result: 'allow' });
  });
});
