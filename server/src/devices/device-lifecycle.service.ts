import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { regionChain } from '@sunshine/devices';
import { topics } from '@sunshine/playlists';
import type { AuthUser } from '../auth/auth.decorators';
import { ScopeService } from '../auth/scope.service';
import { AppError, ErrorCode } from '../common/app-error';
import { BatchLoader } from '../common/batch-loader';
import { parseCsv, RowProblem, toCsv } from '../common/csv';
import { DeviceListeningEvent, DomainEvent } from '../common/domain-events';
import { FleetService } from '../fleet/fleet.service';
import { EmbeddedBroker } from '../mqtt/embedded-broker';
import { PlaylistsService } from '../playlists/playlists.service';
import { SignedPublisher } from '../signing/signed-publisher.service';
import { validateDeviceRows } from './device-csv';
import { UpdateDeviceDto } from './device.dto';
import { type AgentConnection, DevicesService, DeviceView, toView } from './devices.service';

/** Who sends the default volume to a device that connects (recorded as the command's sender). */
const SYSTEM_USER: AuthUser = { id: 'system', username: 'system', roles: [], scopeRegionCode: null };

/** Volume checks of devices (re)connecting within this window are read together. */
const VOLUME_BATCH_WINDOW_MS = 200;

/** Problems named in the error message itself; all of them are in `details`. */
const PROBLEMS_IN_MESSAGE = 10;

export type BulkOutcome = { kind: 'dry-run'; ok: boolean; valid: number; problems: RowProblem[] } | { kind: 'tokens'; csv: Buffer; count: number };

/**
 * What an operator does to a device beyond registering it, with the side effects each needs: the broker drops a
 * disabled/rotated/deleted device's connection, a disabled or deleted device's retained playlist is withdrawn,
 * a changed default volume is sent as a command. A town account only touches devices inside its town; the
 * routes write the audit log (@Audited), as registering does.
 */
@Injectable()
export class DeviceLifecycleService {
  private readonly logger = new Logger('Devices');

  constructor(
    private readonly devices: DevicesService,
    private readonly broker: EmbeddedBroker,
    private readonly playlists: PlaylistsService,
    private readonly publisher: SignedPublisher,
    private readonly fleet: FleetService,
    private readonly events: EventEmitter2,
    private readonly scope: ScopeService,
  ) {}

  /** The default-volume check of devices that connect close together is one read (a reconnecting fleet). */
  private readonly volumes = new BatchLoader((ids: string[]) => this.devices.defaultVolumes(ids), { windowMs: VOLUME_BATCH_WINDOW_MS, maxBatch: 500 });

  /** Refuses (403) a device outside the user's scope; a missing one stays the caller's 404. */
  private async assertInScope(id: string, user: AuthUser): Promise<void> {
    await this.scope.assertDevice(user, await this.devices.getEntity(id));
  }

  async update(id: string, dto: UpdateDeviceDto, user: AuthUser): Promise<DeviceView> {
    await this.assertInScope(id, user);
    // Nor may it move a device out of its town.
    if (dto.regionCode !== undefined) await this.scope.assertRegionCodes(user, [dto.regionCode]);
    const { device, reshaped, regionChanged, volumeChanged } = await this.devices.update(id, dto);
    // Before the new playlist goes out: the agent subscribes to the alert topics of the region it names.
    if (regionChanged) this.broker.updateDeviceRegions(id, regionChain(device.regionCode));
    if (reshaped && device.active) this.events.emit(DomainEvent.DevicesChanged, { deviceIds: [id] });
    if (volumeChanged && device.defaultVolume !== null && device.active) {
      await this.fleet.send(id, { type: 'set-volume', volume: device.defaultVolume }, user);
    }
    return toView(device);
  }

  /**
   * A device that (re)connects and listens for commands gets its default volume when it last reported another
   * one: it was registered offline (bulk), or someone turned the knob on site.
   */
  @OnEvent(DomainEvent.DeviceListening)
  async onDeviceListening(e: DeviceListeningEvent): Promise<void> {
    try {
      const v = await this.volumes.load(e.deviceId);
      if (!v || v.reportedVolume === v.defaultVolume) return;
      await this.fleet.send(e.deviceId, { type: 'set-volume', volume: v.defaultVolume }, SYSTEM_USER);
    } catch (err) {
      this.logger.warn(`未能向设备 ${e.deviceId} 下发默认音量：${(err as Error).message}`);
    }
  }

  async disable(id: string, user: AuthUser): Promise<DeviceView> {
    await this.assertInScope(id, user);
    // The row first: the dropped agent reconnects at once and must already be refused.
    const device = await this.devices.setActive(id, false);
    await this.broker.revokeDevice(id, { withWill: true });
    await this.playlists.withdraw([id]);
    return toView(device);
  }

  async enable(id: string, user: AuthUser): Promise<DeviceView> {
    await this.assertInScope(id, user);
    const device = await this.devices.setActive(id, true);
    return toView(device);
  }

  async rotateToken(id: string, user: AuthUser): Promise<{ device: DeviceView; token: string; agent: AgentConnection }> {
    await this.assertInScope(id, user);
    const { device, token } = await this.devices.rotateToken(id);
    await this.broker.revokeDevice(id, { withWill: true });
    return { device: toView(device), token, agent: this.devices.agentConnection() };
  }

  async remove(id: string, user: AuthUser): Promise<{ id: string; deleted: true }> {
    await this.assertInScope(id, user);
    await this.devices.remove(id);
    // No Last Will: it would re-create the retained state of a device that no longer exists.
    await this.broker.revokeDevice(id, { withWill: false });
    await this.playlists.withdraw([id]);
    await this.publisher.clearRetained(topics.state(id));
    return { id, deleted: true };
  }

  /**
   * Registers every device of a CSV, or none: any bad row (shape, region unknown, id taken) is reported by line.
   * The tokens come back once, as a CSV for the installers.
   */
  async bulkRegister(csvText: string, dryRun: boolean, user: AuthUser): Promise<BulkOutcome> {
    const parsed = parseCsv(csvText);
    const checked = validateDeviceRows(parsed.header, parsed.rows);
    const db = await this.devices.checkBulk(checked.devices);
    // A town account's file may only name its own town: each row outside is reported on its line.
    const outside: RowProblem[] = checked.devices
      .filter((d) => !this.scope.containsRegion(user, d.regionCode))
      .map((d) => ({ line: d.line, reason: `区划代码 ${d.regionCode} 超出管辖范围（${user.scopeRegionCode ?? ''}）` }));
    const problems = [...parsed.problems, ...checked.problems, ...db.problems, ...outside].sort((a, b) => a.line - b.line);
    if (parsed.problems.length === 0 && checked.problems.length === 0 && db.rows.length === 0) {
      problems.push({ line: 2, reason: '没有任何设备行' });
    }
    if (dryRun) return { kind: 'dry-run', ok: problems.length === 0, valid: db.rows.length - new Set(db.problems.map((p) => p.line)).size, problems };
    if (problems.length > 0) {
      const shown = problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => `第 ${p.line} 行：${p.reason}`);
      const more = problems.length > PROBLEMS_IN_MESSAGE ? `……共 ${problems.length} 个问题` : '';
      throw AppError.badRequest(ErrorCode.DeviceCsvInvalid, `设备清单有问题，未登记任何设备。${shown.join('；')}${more}`, { problems });
    }
    const created = await this.devices.registerMany(db.rows);
    this.logger.log(`批量登记 ${created.length} 台设备`);
    const csv = toCsv(
      ['id', 'name', 'kind', 'regionCode', 'token'],
      created.map(({ device, token }) => [device.id, device.name, device.kind, device.regionCode, token]),
    );
    return { kind: 'tokens', csv, count: created.length };
  }
}
