import { authorizePublish, authorizeSubscribe, regionChain } from '@sunshine/devices';
import { topics } from '@sunshine/playlists';
import { createDeviceCommands, deviceAcls, deviceRoleName, DynsecAcl, planDeviceSync, reconcileRole, serverAcls } from './dynsec-plan';

const VILLAGE = '510811100201';
const OTHER_TOWN_VILLAGE = '510811101201';

describe('deviceAcls', () => {
  it('should grant exactly what the contract ACL allows a device, literally', () => {
    const acls = deviceAcls('spk-1', VILLAGE);
    const principal = { type: 'device' as const, deviceId: 'spk-1', regionCodes: regionChain(VILLAGE) };
    const published = acls.filter((a) => a.acltype === 'publishClientSend').map((a) => a.topic);
    const subscribed = acls.filter((a) => a.acltype === 'subscribeLiteral').map((a) => a.topic);
    expect(published.sort()).toEqual([topics.events('spk-1'), topics.state('spk-1')].sort());
    expect(subscribed.sort()).toEqual([topics.playlist('spk-1'), topics.command('spk-1'), ...regionChain(VILLAGE).map(topics.alert)].sort());
    // The same answers as the embedded broker's ACL for every granted topic…
    for (const t of published) expect(authorizePublish(principal, t).allow).toBe(true);
    for (const t of subscribed) expect(authorizeSubscribe(principal, t).allow).toBe(true);
    // …and nothing that ACL refuses: no wildcard grants, no other device, no other town's alerts.
    expect(acls.every((a) => a.allow && !/[+#]/.test(a.topic))).toBe(true);
    expect(subscribed).not.toContain(topics.alert(OTHER_TOWN_VILLAGE));
    expect(acls.some((a) => a.acltype === 'subscribePattern')).toBe(false);
  });

  it('should let the server publish and subscribe under the topic root only', () => {
    expect(serverAcls()).toEqual([
      { acltype: 'publishClientSend', topic: 'sunshine/v1/#', allow: true },
      { acltype: 'subscribePattern', topic: 'sunshine/v1/#', allow: true },
    ]);
  });
});

describe('reconcileRole', () => {
  const a = (topic: string, allow = true): DynsecAcl => ({ acltype: 'subscribeLiteral', topic, allow });

  it('should remove what is no longer wanted and add what is missing, and nothing when they agree', () => {
    expect(reconcileRole('r', [a('x'), a('old')], [a('x'), a('new')])).toEqual([
      { command: 'removeRoleACL', rolename: 'r', acltype: 'subscribeLiteral', topic: 'old' },
      { command: 'addRoleACL', rolename: 'r', acltype: 'subscribeLiteral', topic: 'new', allow: true },
    ]);
    expect(reconcileRole('r', [a('x')], [a('x')])).toEqual([]);
  });

  it('should replace an ACL whose allow flag differs', () => {
    expect(reconcileRole('r', [a('x', false)], [a('x')]).map((c) => c.command)).toEqual(['removeRoleACL', 'addRoleACL']);
  });
});

describe('createDeviceCommands', () => {
  it('should create the role, then the client with client id = user name = device id, disabled when the device is', () => {
    const cmds = createDeviceCommands({ id: 'spk-1', regionCode: VILLAGE, active: false }, 'tok');
    expect(cmds.map((c) => c.command)).toEqual(['createRole', 'createClient', 'disableClient']);
    expect(cmds[1]).toMatchObject({ username: 'spk-1', clientid: 'spk-1', password: 'tok', roles: [{ rolename: deviceRoleName('spk-1') }] });
    expect(createDeviceCommands({ id: 'spk-1', regionCode: VILLAGE, active: true }, null)[1]).not.toHaveProperty('password');
  });
});

describe('planDeviceSync', () => {
  const role = (id: string, region = VILLAGE): [string, DynsecAcl[]] => [deviceRoleName(id), deviceAcls(id, region)];

  it('should change nothing but the enabled state for devices the broker already has right', () => {
    const plan = planDeviceSync({
      devices: [{ id: 'a', regionCode: VILLAGE, active: true }, { id: 'b', regionCode: VILLAGE, active: false }],
      clients: new Map([['a', { username: 'a', roles: [deviceRoleName('a')] }], ['b', { username: 'b', roles: [deviceRoleName('b')] }]]),
      roles: new Map([role('a'), role('b')]),
    });
    expect(plan.commands).toEqual([
      { command: 'enableClient', username: 'a' },
      { command: 'disableClient', username: 'b' },
    ]);
    expect(plan.withoutPassword).toEqual([]);
    expect(plan.orphans).toEqual([]);
  });

  it('should create a lost device without a password and name it', () => {
    const plan = planDeviceSync({ devices: [{ id: 'a', regionCode: VILLAGE, active: true }], clients: new Map(), roles: new Map() });
    expect(plan.commands.map((c) => c.command)).toEqual(['createRole', 'createClient']);
    expect(plan.withoutPassword).toEqual(['a']);
  });

  it('should fix a moved device\'s role and a missing role membership', () => {
    const plan = planDeviceSync({
      devices: [{ id: 'a', regionCode: OTHER_TOWN_VILLAGE, active: true }],
      clients: new Map([['a', { username: 'a', roles: [] }]]),
      roles: new Map([role('a', VILLAGE)]),
    });
    const commands = plan.commands.map((c) => c.command);
    expect(commands).toContain('addRoleACL');
    expect(commands).toContain('removeRoleACL');
    expect(plan.commands).toContainEqual({ command: 'addClientRole', username: 'a', rolename: deviceRoleName('a') });
  });

  it('should delete the accounts of devices that no longer exist, client before role, and leave others\' accounts alone', () => {
    const plan = planDeviceSync({
      devices: [],
      clients: new Map([['gone', { username: 'gone', roles: [deviceRoleName('gone')] }], ['admin', { username: 'admin', roles: ['admin'] }]]),
      roles: new Map([role('gone'), ['admin', []]]),
    });
    expect(plan.commands).toEqual([
      { command: 'deleteClient', username: 'gone' },
      { command: 'deleteRole', rolename: deviceRoleName('gone') },
    ]);
    expect(plan.orphans).toEqual(['gone']);
  });
});
