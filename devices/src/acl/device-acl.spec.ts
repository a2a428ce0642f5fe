import { topics } from '@sunshine/playlists';
import { AclPrincipal, authorizeConnect, authorizePublish, authorizeSubscribe } from './device-acl';

const device: AclPrincipal = {
  type: 'device',
  deviceId: 'spk-1',
  regionCodes: ['510811100201', '510811100000', '510811000000', '510800000000', '510000000000'],
};
const server: AclPrincipal = { type: 'server' };

describe('authorizeConnect', () => {
  const ok = { clientId: 'spk-1', username: 'spk-1', credentialsValid: true, deviceActive: true };

  it('should allow when credentials are valid, the device is active and clientId equals username', () => {
    expect(authorizeConnect(ok)).toEqual({ allow: true, code: 'ok', reason: '允许连接' });
  });

  it.each<[string, Partial<typeof ok>, string]>([
    ['credentials are invalid', { credentialsValid: false }, 'bad-credentials'],
    ['the device is inactive', { deviceActive: false }, 'device-inactive'],
    ['clientId differs from username', { clientId: 'spk-2' }, 'client-id-mismatch'],
    ['clientId differs only in case', { clientId: 'SPK-1' }, 'client-id-mismatch'],
    ['the username is empty', { username: '', clientId: '' }, 'bad-client-id'],
    ['the username contains a slash', { username: 'spk/1', clientId: 'spk/1' }, 'bad-client-id'],
    ['the username contains a wildcard', { username: 'spk+', clientId: 'spk+' }, 'bad-client-id'],
    ['the username contains a multi-level wildcard', { username: '#', clientId: '#' }, 'bad-client-id'],
  ])('should deny when %s', (_label, overrides, code) => {
    const decision = authorizeConnect({ ...ok, ...overrides });
    expect(decision.allow).toBe(false);
    expect(decision.code).toBe(code);
    expect(decision.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it('should report bad credentials first when several checks fail', () => {
    expect(authorizeConnect({ clientId: 'x', username: 'y', credentialsValid: false, deviceActive: false }).code).toBe('bad-credentials');
  });
});

describe('authorizePublish', () => {
  it.each<[string, string, boolean]>([
    ['its own state', topics.state('spk-1'), true],
    ['its own events', topics.events('spk-1'), true],
    ['its own playlist', topics.playlist('spk-1'), false],
    ['its own command', topics.command('spk-1'), false],
    ['another device state', topics.state('spk-2'), false],
    ['another device events', topics.events('spk-10'), false],
    ['an alert of its own region', topics.alert('510811000000'), false],
    ['a wildcard state topic', 'sunshine/v1/devices/+/state', false],
    ['a multi-level wildcard', 'sunshine/v1/#', false],
    ['$SYS', '$SYS/broker/clients', false],
    ['an unrelated topic', 'foo/bar', false],
    ['a state topic with a trailing level', `${topics.state('spk-1')}/x`, false],
    ['a state topic with a leading slash', `/${topics.state('spk-1')}`, false],
    ['an empty topic', '', false],
  ])('should decide a device publishing %s as allow=%p', (_label, topic, allowed) => {
    expect(authorizePublish(device, topic).allow).toBe(allowed);
  });

  it.each([topics.playlist('spk-1'), topics.alert('510000000000'), topics.command('any')])('should allow the server to publish %s', (topic) => {
    expect(authorizePublish(server, topic)).toMatchObject({ allow: true, code: 'ok' });
  });

  it('should name the device and topic when denying', () => {
    expect(authorizePublish(device, topics.state('spk-2'))).toEqual({
      allow: false,
      code: 'topic-denied',
      reason: '设备 spk-1 无权发布主题 sunshine/v1/devices/spk-2/state',
    });
  });
});

describe('authorizeSubscribe', () => {
  it.each<[string, string, boolean, string]>([
    ['its own playlist', topics.playlist('spk-1'), true, 'ok'],
    ['its own command', topics.command('spk-1'), true, 'ok'],
    ['its village alerts', topics.alert('510811100201'), true, 'ok'],
    ['its county alerts', topics.alert('510811000000'), true, 'ok'],
    ['its province alerts', topics.alert('510000000000'), true, 'ok'],
    ['its own state', topics.state('spk-1'), false, 'topic-denied'],
    ['its own events', topics.events('spk-1'), false, 'topic-denied'],
    ['another device playlist', topics.playlist('spk-2'), false, 'topic-denied'],
    ['another device command', topics.command('spk-11'), false, 'topic-denied'],
    ['a sibling village alert', topics.alert('510811100202'), false, 'topic-denied'],
    ['another county alert', topics.alert('510812000000'), false, 'topic-denied'],
    ['a malformed alert code', 'sunshine/v1/alerts/5108', false, 'topic-denied'],
    ['all device playlists', 'sunshine/v1/devices/+/playlist', false, 'wildcard-denied'],
    ['everything under its own device', 'sunshine/v1/devices/spk-1/#', false, 'wildcard-denied'],
    ['all alerts', 'sunshine/v1/alerts/+', false, 'wildcard-denied'],
    ['everything', '#', false, 'wildcard-denied'],
    ['$SYS', '$SYS/broker/uptime', false, 'topic-denied'],
    ['$SYS wildcard', '$SYS/#', false, 'wildcard-denied'],
    ['a shared subscription to its own playlist', `$share/g/${topics.playlist('spk-1')}`, false, 'topic-denied'],
  ])('should decide a device subscribing to %s as allow=%p', (_label, filter, allowed, code) => {
    const decision = authorizeSubscribe(device, filter);
    expect(decision.allow).toBe(allowed);
    expect(decision.code).toBe(code);
  });

  it('should allow the server to subscribe with wildcards', () => {
    expect(authorizeSubscribe(server, 'sunshine/v1/devices/+/events').allow).toBe(true);
    expect(authorizeSubscribe(server, '#').allow).toBe(true);
  });

  it('should deny every alert when the device has no region chain', () => {
    expect(authorizeSubscribe({ ...device, regionCodes: [] }, topics.alert('510811100201')).allow).toBe(false);
  });
});
