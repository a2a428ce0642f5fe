import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from './app-config';

/**
 * Random secrets generated on first start and kept in the data dir (mode 0600), so tokens and the internal
 * broker credential survive restarts without any setup. `MQTT_PASSWORD` / `SECRET_JWT` (validated in the config)
 * override the files.
 */
@Injectable()
export class SecretsService {
  private readonly cache = new Map<string, string>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get(name: 'jwt' | 'mqtt-server' | 'mqtt-auth'): string {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const configured = name === 'mqtt-server' ? this.config.mqttPassword : this.config.jwtSecret;
    const value = configured ?? this.readOrCreate(name);
    this.cache.set(name, value);
    return value;
  }

  private readOrCreate(name: string): string {
    const dir = path.join(this.config.dataDir, 'secrets');
    const file = path.join(dir, `${name}.secret`);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const value = randomBytes(32).toString('base64url');
    fs.writeFileSync(file, value, { mode: 0o600 });
    return value;
  }
}
