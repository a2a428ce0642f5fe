import { Injectable } from '@nestjs/common';
import { authorizeConnect, regionChain } from '@sunshine/devices';
import type { AclPrincipal } from '@sunshine/devices';
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../common/app-error';
import { SecretsService } from '../config/secrets.service';
import { DevicesService } from '../devices/devices.service';
import { SERVER_MQTT_USERNAME } from './mqtt-constants';

export type { AclPrincipal };

export type AuthResult = { ok: true; principal: AclPrincipal } | { ok: false; reason: string; returnCode: 4 | 5 };

/** Resolves MQTT credentials to a principal; used by the embedded broker and the HTTP auth endpoint alike. */
@Injectable()
export class DeviceAuthService {
  constructor(
    private readonly secrets: SecretsService,
    private readonly devices: DevicesService,
  ) {}

  async authenticate(c: { clientId: string; username: string; password: string }): Promise<AuthResult> {
    if (c.username === SERVER_MQTT_USERNAME) {
      return safeEqual(c.password, this.secrets.get('mqtt-server'))
        ? { ok: true, principal: { type: 'server' } }
        : { ok: false, reason: '服务端凭据错误', returnCode: 4 };
    }
    const device = c.username ? await this.devices.authenticate(c.username, c.password) : null;
    const decision = authorizeConnect({
      clientId: c.clientId,
      username: c.username,
      credentialsValid: device !== null,
      deviceActive: device?.active ?? false,
    });
    if (!decision.allow || !device) return { ok: false, reason: decision.reason, returnCode: device ? 5 : 4 };
    return { ok: true, principal: { type: 'device', deviceId: device.id, regionCodes: regionChain(device.regionCode) } };
  }

  /** Whether a user name is ours at all: the server's or an existing device's (active or not). */
  async knows(username: string): Promise<boolean> {
    if (username === SERVER_MQTT_USERNAME) return true;
    if (!username) return false;
    // Only "no such device" means not ours: a database failure must not turn into "ask the next authenticator".
    return this.devices.getEntity(username).then(
      () => true,
      (err: unknown) => {
        if (err instanceof AppError && err.status === 404) return false;
        throw err;
      },
    );
  }

  /** For ACL checks by an external broker, which sends only the username. */
  async principalFor(username: string): Promise<AclPrincipal | null> {
    if (username === SERVER_MQTT_USERNAME) return { type: 'server' };
    const d = await this.devices.getEntity(username).catch(() => null);
    return d && d.active ? { type: 'device', deviceId: d.id, regionCodes: regionChain(d.regionCode) } : null;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
