import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import * as os from 'node:os';
import { AppError, ErrorCode } from '../../common/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SecretsService } from '../../config/secrets.service';
import { DeviceAccountHooks, DeviceAccountListener, IssuedCredentials } from '../../devices/device-account-hooks';
import { DevicesService } from '../../devices/devices.service';
import { DynsecClient, DynsecError } from './dynsec-client';
import {
  createDeviceCommands,
  deviceAcls,
  deviceRoleName,
  DynsecAcl,
  DynsecClientInfo,
  DynsecCommand,
  planDeviceSync,
  reconcileRole,
  SERVER_ROLE,
  serverAcls,
} from './dynsec-plan';

const EXISTS = ['Client already exists', 'Role already exists'];
const NOT_FOUND = ['Client not found', 'Role not found'];
const PAGE = 1000;

/**
 * MQTT_BROKER=mosquitto-dynsec: this server, as the dynamic-security plugin's admin client, keeps Mosquitto's
 * accounts equal to the device table — a client (user name = device id, password = its token) and a role with
 * exactly the contract's topics per device, and the server's own client and role. Nothing happens in other modes.
 */
@Injectable()
export class DynsecProvisioner implements DeviceAccountListener, OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Dynsec');
  private admin: Promise<DynsecClient> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly devices: DevicesService,
    private readonly hooks: DeviceAccountHooks,
  ) {}

  get enabled(): boolean {
    return this.config.mqttBroker === 'mosquitto-dynsec';
  }

  onModuleInit(): void {
    if (this.enabled) this.hooks.register(this);
  }

  /** Before the server's own client connects: the admin connection, then the server's account and role. */
  async prepareServerAccount(): Promise<void> {
    if (!this.enabled) return;
    const admin = await this.connect();
    const username = this.config.mqttUsername;
    const [role, client] = await admin.run(
      [
        { command: 'createRole', rolename: SERVER_ROLE, textname: '阳光播控服务器', acls: serverAcls() },
        { command: 'createClient', username, password: this.secrets.get('mqtt-server'), textname: '阳光播控服务器', roles: [{ rolename: SERVER_ROLE }] },
      ],
      EXISTS,
    );
    if (role.error) await this.reconcileRole(SERVER_ROLE, serverAcls());
    // Existing account: the password may have changed (MQTT_PASSWORD); setting it drops the old session, which reconnects.
    if (client.error) {
      await admin.run([
        { command: 'setClientPassword', username, password: this.secrets.get('mqtt-server') },
        { command: 'modifyClient', username, roles: [{ rolename: SERVER_ROLE }] },
      ]);
    }
    this.logger.log(`已在 Mosquitto 动态安全插件中配置服务器账号 ${username}`);
  }

  /** At start: every device of the database has its account and role, nothing else of ours survives. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    const admin = await this.connect();
    const [clients, roles, devices] = await Promise.all([this.listClients(admin), this.listRoles(admin), this.devices.listForBroker()]);
    const plan = planDeviceSync({ devices, clients, roles });
    await admin.run(plan.commands, [...EXISTS, ...NOT_FOUND]);
    if (plan.withoutPassword.length > 0) {
      this.logger.warn(
        `Mosquitto 中缺少 ${plan.withoutPassword.length} 台设备的账号（如 ${plan.withoutPassword.slice(0, 5).join('、')}），已按设备表补建但没有密码：` +
          '服务器只保存令牌的摘要，请为这些设备轮换令牌（POST /api/devices/{id}/rotate-token）后重新安装',
      );
    }
    if (plan.orphans.length > 0) this.logger.log(`已删除 Mosquitto 中 ${plan.orphans.length} 个已不存在设备的账号`);
    this.logger.log(`Mosquitto 设备账号已与设备表同步：${devices.length} 台设备，${plan.commands.length} 条变更`);
  }

  async credentialsIssued(issued: IssuedCredentials[]): Promise<void> {
    // The rows are saved already: the cure for a failure is a token rotation once the broker is back.
    await this.guard('登记设备账号', '设备记录已保存，请在消息服务器恢复后轮换这些设备的令牌', async (admin) => {
      const commands = issued.map(({ device, token }) => createDeviceCommands(device, token));
      const responses = await admin.run(commands.flat(), EXISTS);
      // Account or role left over (a rotated token, a device registered again under an old id): bring it in line.
      let at = 0;
      const followUps: DynsecCommand[] = [];
      const staleRoles: Array<{ id: string; regionCode: string }> = [];
      issued.forEach(({ device, token }, i) => {
        const [role, client] = [responses[at], responses[at + 1]];
        at += commands[i].length;
        if (role.error) staleRoles.push(device);
        if (client.error) {
          followUps.push({ command: 'setClientPassword', username: device.id, password: token });
          followUps.push({ command: 'modifyClient', username: device.id, clientid: device.id, roles: [{ rolename: deviceRoleName(device.id) }] });
        }
      });
      for (const d of staleRoles) await this.reconcileRole(deviceRoleName(d.id), deviceAcls(d.id, d.regionCode));
      await admin.run(followUps);
    });
  }

  async activeChanged(deviceId: string, active: boolean): Promise<void> {
    // Disabling makes the plugin drop the device's connection at once.
    await this.guard(active ? '启用设备账号' : '停用设备账号', '请在消息服务器恢复后重试（服务器下次启动时也会自动补齐）', (admin) => admin.run([{ command: active ? 'enableClient' : 'disableClient', username: deviceId }]));
  }

  async regionChanged(device: { id: string; regionCode: string }): Promise<void> {
    await this.guard('更新设备的应急广播主题权限', '服务器下次启动时会自动补齐', () => this.reconcileRole(deviceRoleName(device.id), deviceAcls(device.id, device.regionCode)));
  }

  async removed(deviceId: string): Promise<void> {
    // The client before its role: Mosquitto 2.0.11 crashes later when a role still held by a client is deleted.
    await this.guard('删除设备账号', '服务器下次启动时会自动清理', (admin) =>
      admin.run(
        [
          { command: 'deleteClient', username: deviceId },
          { command: 'deleteRole', rolename: deviceRoleName(deviceId) },
        ],
        NOT_FOUND,
      ),
    );
  }

  async onModuleDestroy(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    await admin?.then((a) => a.close()).catch(() => undefined);
  }

  private async reconcileRole(rolename: string, wanted: DynsecAcl[]): Promise<void> {
    const admin = await this.connect();
    const [got] = await admin.send([{ command: 'getRole', rolename }]);
    if (got.error === 'Role not found') {
      await admin.run([{ command: 'createRole', rolename, acls: wanted }]);
      return;
    }
    if (got.error) throw new DynsecError({ command: 'getRole', rolename }, got.error);
    const current = ((got.data?.role as { acls?: DynsecAcl[] } | undefined)?.acls ?? []).map((a) => ({ acltype: a.acltype, topic: a.topic, allow: a.allow }));
    await admin.run(reconcileRole(rolename, current, wanted));
  }

  /** A broker refusal or timeout is the operator's 503 with a Chinese reason, not a 500. */
  private async guard<T>(what: string, remedy: string, work: (admin: DynsecClient) => Promise<T>): Promise<T> {
    try {
      return await work(await this.connect());
    } catch (err) {
      const reason = (err as Error).message;
      this.logger.error(`未能在 Mosquitto 中${what}：${reason}`);
      throw new AppError(ErrorCode.BrokerUnavailable, 503, `消息服务器（Mosquitto 动态安全插件）未能${what}：${reason}。${remedy}`);
    }
  }

  /** One admin connection, shared by concurrent callers; a failed attempt is retried by the next call. */
  private connect(): Promise<DynsecClient> {
    if (this.admin) return this.admin;
    const admin = this.config.mqttAdmin;
    const url = this.config.mqttUrl;
    if (!admin || !url) return Promise.reject(new Error('mosquitto-dynsec 模式需要 MQTT_URL 和 MQTT_ADMIN_PASSWORD'));
    const connecting = DynsecClient.connect(url, { username: admin.username, password: admin.password, clientId: `sunshine-dynsec-${os.hostname()}-${process.pid}` });
    this.admin = connecting;
    connecting.catch(() => {
      if (this.admin === connecting) this.admin = null;
    });
    return connecting;
  }

  private async listClients(admin: DynsecClient): Promise<Map<string, DynsecClientInfo>> {
    const out = new Map<string, DynsecClientInfo>();
    for (let offset = 0; ; offset += PAGE) {
      const [r] = await admin.run([{ command: 'listClients', verbose: true, count: PAGE, offset }]);
      const page = (r.data?.clients ?? []) as Array<{ username: string; roles?: Array<{ rolename: string }> }>;
      for (const c of page) out.set(c.username, { username: c.username, roles: (c.roles ?? []).map((x) => x.rolename) });
      if (page.length < PAGE) return out;
    }
  }

  private async listRoles(admin: DynsecClient): Promise<Map<string, DynsecAcl[]>> {
    const out = new Map<string, DynsecAcl[]>();
    for (let offset = 0; ; offset += PAGE) {
      const [r] = await admin.run([{ command: 'listRoles', verbose: true, count: PAGE, offset }]);
      const page = (r.data?.roles ?? []) as Array<{ rolename: string; acls?: DynsecAcl[] }>;
      for (const role of page) out.set(role.rolename, (role.acls ?? []).map((a) => ({ acltype: a.acltype, topic: a.topic, allow: a.allow })));
      if (page.length < PAGE) return out;
    }
  }
}
