import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DEMO_COUNTY } from '@sunshine/seeds';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Repository } from 'typeorm';
import { UsersService } from '../auth/users.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DeviceEntity } from '../devices/device.entity';
import { DeviceAccountHooks, IssuedCredentials } from '../devices/device-account-hooks';
import { hashDeviceToken, newDeviceToken } from '../devices/device-token';
import { RegionsService } from '../regions/regions.service';

export interface DemoAgentCredential {
  deviceId: string;
  token: string;
}

/** First start only: the demo county's regions, devices and users. Passwords are printed once, never stored. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Demo');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly regions: RegionsService,
    private readonly users: UsersService,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    private readonly accounts: DeviceAccountHooks,
  ) {}

  get agentsFile(): string {
    return path.join(this.config.dataDir, 'demo', 'agents.json');
  }

  /** Returns true when it seeded (a fresh data dir). */
  async seedIfEmpty(): Promise<boolean> {
    if ((await this.users.count()) > 0) return false;
    const c = DEMO_COUNTY;
    await this.regions.save([c.region, ...c.towns, ...c.villages].map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })));
    const credentials: DemoAgentCredential[] = [];
    const issued: IssuedCredentials[] = [];
    for (const d of c.devices) {
      const token = newDeviceToken();
      credentials.push({ deviceId: d.id, token });
      issued.push({ device: { id: d.id, regionCode: d.regionCode, active: true }, token });
      await this.devices.save(
        // Demo devices have no quiet hours so the demo broadcast airs at any hour; real devices keep the default.
        this.devices.create({ id: d.id, name: d.name, kind: d.kind, profile: d.profile, regionCode: d.regionCode, tags: d.tags, quietHours: [], tokenHash: hashDeviceToken(token), active: true, online: false, lastSeenAt: null, state: null }),
      );
    }
    // An external broker with its own accounts (Mosquitto dynamic security) learns the tokens now or never.
    await this.accounts.credentialsIssued(issued);
    // Device tokens of the simulated demo agents stay in the private data dir so they can reconnect after restarts.
    fs.mkdirSync(path.dirname(this.agentsFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(this.agentsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    const lines: string[] = [];
    // SEED_PASSWORD gives every demo user a known password (automated tests, a quick trial); otherwise random.
    const fixed = process.env.SEED_PASSWORD;
    for (const u of c.users) {
      const password = fixed ?? randomBytes(9).toString('base64url');
      await this.users.create({ username: u.username, displayName: u.displayName, password, roles: u.roles, demoPassword: true });
      lines.push(`  ${u.username.padEnd(9)} ${fixed ? '(SEED_PASSWORD)' : password}   ${u.displayName}（${u.roles.join(', ')}）`);
    }
    this.logger.log(
      `已创建演示县「${c.region.name}」：${c.towns.length} 个乡镇、${c.villages.length} 个村（社区）、${c.devices.length} 台设备。\n` +
        `演示账号（密码只显示这一次，请妥善保存）：\n${lines.join('\n')}`,
    );
    return true;
  }

  readAgentCredentials(): DemoAgentCredential[] {
    return fs.existsSync(this.agentsFile) ? (JSON.parse(fs.readFileSync(this.agentsFile, 'utf8')) as DemoAgentCredential[]) : [];
  }
}
