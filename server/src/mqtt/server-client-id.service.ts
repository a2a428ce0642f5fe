import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { serverClientId } from './server-client-id';

/** The installation's random id, made on first start; it names the server's MQTT session (see server-client-id.ts). */
const INSTALLATION_ID_FILE = 'installation-id';

@Injectable()
export class ServerClientIdService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  clientId(): string {
    return serverClientId({
      configured: this.config.mqttClientId,
      username: this.config.mqttUsername,
      installationId: this.config.mqttClientId ? '' : this.installationId(),
      hostname: os.hostname(),
      httpPort: this.config.httpPort,
    });
  }

  /** Created atomically: a leader and a standby starting together on one data dir must read the same id. */
  private installationId(): string {
    const file = path.join(this.config.dataDir, INSTALLATION_ID_FILE);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(this.config.dataDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, randomBytes(6).toString('hex'));
      try {
        fs.linkSync(tmp, file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    }
    return fs.readFileSync(file, 'utf8').trim();
  }
}
