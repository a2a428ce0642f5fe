import { Injectable } from '@nestjs/common';

export interface IssuedCredentials {
  device: { id: string; regionCode: string; active: boolean };
  token: string;
}

/** What a broker that keeps its own device accounts (Mosquitto dynamic security) must hear about. */
export interface DeviceAccountListener {
  /** New devices or a rotated token: the only moments the plaintext token exists (a bulk registration in one call). */
  credentialsIssued(issued: IssuedCredentials[]): Promise<void>;
  activeChanged(deviceId: string, active: boolean): Promise<void>;
  regionChanged(device: { id: string; regionCode: string }): Promise<void>;
  removed(deviceId: string): Promise<void>;
}

/**
 * The devices module owns the rows and the tokens; the MQTT module (which depends on it) registers here to mirror
 * them into an external broker. Listeners are awaited, so a request returns only once the broker agrees; with the
 * embedded broker or the HTTP hooks nobody listens (they read the database on every connect).
 */
@Injectable()
export class DeviceAccountHooks {
  private readonly listeners: DeviceAccountListener[] = [];

  register(listener: DeviceAccountListener): void {
    this.listeners.push(listener);
  }

  async credentialsIssued(issued: IssuedCredentials[]): Promise<void> {
    if (issued.length === 0) return;
    for (const l of this.listeners) await l.credentialsIssued(issued);
  }

  async activeChanged(deviceId: string, active: boolean): Promise<void> {
    for (const l of this.listeners) await l.activeChanged(deviceId, active);
  }

  async regionChanged(device: { id: string; regionCode: string }): Promise<void> {
    for (const l of this.listeners) await l.regionChanged(device);
  }

  async removed(deviceId: string): Promise<void> {
    for (const l of this.listeners) await l.removed(deviceId);
  }
}
