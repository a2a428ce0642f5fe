/**
 * What the Mosquitto dynamic-security plugin must hold for the contract's ACL (docs/protocol.md, devices/src/acl):
 * one client and one role per device, the server's client and role. Pure: the provisioner sends these commands over
 * `$CONTROL/dynamic-security/v1`. Everything not granted here is denied by the plugin's defaults (publish and
 * subscribe deny, which `mosquitto_ctrl dynsec init` sets).
 */
import { regionChain } from '@sunshine/devices';
import { TOPIC_ROOT, topics } from '@sunshine/playlists';

export type AclType = 'publishClientSend' | 'publishClientReceive' | 'subscribeLiteral' | 'subscribePattern' | 'unsubscribeLiteral' | 'unsubscribePattern';

export interface DynsecAcl {
  acltype: AclType;
  topic: string;
  allow: boolean;
}

/** One command of the plugin's JSON API (plus the correlationData the client adds). */
export type DynsecCommand = { command: string } & Record<string, unknown>;

/** Role names are ours alone: a prefix tells our device roles from the admin's own. */
export const DEVICE_ROLE_PREFIX = 'sunshine-device-';
export const SERVER_ROLE = 'sunshine-server';

export function deviceRoleName(deviceId: string): string {
  return `${DEVICE_ROLE_PREFIX}${deviceId}`;
}

/**
 * Exactly the device's topics: publish its state and events; subscribe (literally: no wildcard can match a
 * literal ACL) to its playlist and commands, and to the alert topic of its region and every region above it.
 */
export function deviceAcls(deviceId: string, regionCode: string): DynsecAcl[] {
  return [
    { acltype: 'publishClientSend', topic: topics.state(deviceId), allow: true },
    { acltype: 'publishClientSend', topic: topics.events(deviceId), allow: true },
    { acltype: 'subscribeLiteral', topic: topics.playlist(deviceId), allow: true },
    { acltype: 'subscribeLiteral', topic: topics.command(deviceId), allow: true },
    ...regionChain(regionCode).map((code): DynsecAcl => ({ acltype: 'subscribeLiteral', topic: topics.alert(code), allow: true })),
  ];
}

/** The server publishes playlists, commands and alerts and reads every device's state and events. */
export function serverAcls(): DynsecAcl[] {
  return [
    { acltype: 'publishClientSend', topic: `${TOPIC_ROOT}/#`, allow: true },
    { acltype: 'subscribePattern', topic: `${TOPIC_ROOT}/#`, allow: true },
  ];
}

const aclKey = (a: Pick<DynsecAcl, 'acltype' | 'topic'>): string => `${a.acltype} ${a.topic}`;

/** Commands turning a role's current ACLs into the wanted ones (nothing when they already agree). */
export function reconcileRole(rolename: string, current: DynsecAcl[], wanted: DynsecAcl[]): DynsecCommand[] {
  const want = new Map(wanted.map((a) => [aclKey(a), a]));
  const have = new Map(current.map((a) => [aclKey(a), a]));
  const out: DynsecCommand[] = [];
  for (const [key, a] of have) {
    const w = want.get(key);
    if (!w || w.allow !== a.allow) out.push({ command: 'removeRoleACL', rolename, acltype: a.acltype, topic: a.topic });
  }
  for (const [key, a] of want) {
    const h = have.get(key);
    if (!h || h.allow !== a.allow) out.push({ command: 'addRoleACL', rolename, acltype: a.acltype, topic: a.topic, allow: a.allow });
  }
  return out;
}

/** A brand-new device: its role, then its client holding it (client id = user name = device id, as the contract says). */
export function createDeviceCommands(device: { id: string; regionCode: string; active: boolean }, password: string | null): DynsecCommand[] {
  const rolename = deviceRoleName(device.id);
  return [
    { command: 'createRole', rolename, textname: `设备 ${device.id} 的主题权限`, acls: deviceAcls(device.id, device.regionCode) },
    {
      command: 'createClient',
      username: device.id,
      clientid: device.id,
      textname: '阳光播控设备',
      ...(password === null ? {} : { password }),
      roles: [{ rolename }],
    },
    ...(device.active ? [] : [{ command: 'disableClient', username: device.id }]),
  ];
}

export interface DynsecClientInfo {
  username: string;
  roles: string[];
}

export interface DeviceSyncInput {
  devices: Array<{ id: string; regionCode: string; active: boolean }>;
  clients: Map<string, DynsecClientInfo>;
  roles: Map<string, DynsecAcl[]>;
}

export interface DeviceSyncPlan {
  commands: DynsecCommand[];
  /** Devices the broker did not know: created without a password, they connect again once their token is rotated. */
  withoutPassword: string[];
  /** Broker accounts of devices that no longer exist, deleted. */
  orphans: string[];
}

/**
 * At start: make the broker agree with the database, whatever it held (idempotent). Passwords cannot be recreated
 * (only token hashes are stored): a device the broker lost is created without one and named in the plan.
 */
export function planDeviceSync(input: DeviceSyncInput): DeviceSyncPlan {
  const commands: DynsecCommand[] = [];
  const withoutPassword: string[] = [];
  const known = new Set<string>();
  for (const d of input.devices) {
    known.add(d.id);
    const rolename = deviceRoleName(d.id);
    const client = input.clients.get(d.id);
    const role = input.roles.get(rolename);
    if (!client) {
      withoutPassword.push(d.id);
      // A leftover role is brought in line rather than deleted and created again (fewer changes, same result).
      const create = createDeviceCommands(d, null);
      commands.push(...(role ? [...reconcileRole(rolename, role, deviceAcls(d.id, d.regionCode)), ...create.slice(1)] : create));
      continue;
    }
    if (role) commands.push(...reconcileRole(rolename, role, deviceAcls(d.id, d.regionCode)));
    else commands.push({ command: 'createRole', rolename, acls: deviceAcls(d.id, d.regionCode) });
    if (!client.roles.includes(rolename)) commands.push({ command: 'addClientRole', username: d.id, rolename });
    // The listing does not say whether a client is disabled: set the wanted state every time (cheap, idempotent).
    commands.push({ command: d.active ? 'enableClient' : 'disableClient', username: d.id });
  }
  const orphans: string[] = [];
  for (const rolename of input.roles.keys()) {
    if (!rolename.startsWith(DEVICE_ROLE_PREFIX)) continue;
    const id = rolename.slice(DEVICE_ROLE_PREFIX.length);
    if (known.has(id)) continue;
    orphans.push(id);
    // The client first: Mosquitto 2.0.11 crashes on a later listing when a role still held by a client is deleted.
    if (input.clients.has(id)) commands.push({ command: 'deleteClient', username: id });
    commands.push({ command: 'deleteRole', rolename });
  }
  return { commands, withoutPassword, orphans };
}
