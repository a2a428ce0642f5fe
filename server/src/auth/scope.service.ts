import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { regionChain } from '@sunshine/devices';
import { targetsDevice, type ScheduleTargets } from '@sunshine/playlists';
import { FindOperator, In, Like, Repository } from 'typeorm';
import { AppError, ErrorCode } from '../common/app-error';
import { DeviceEntity } from '../devices/device.entity';
import { RegionEntity } from '../regions/region.entity';
import type { AuthUser } from './auth.decorators';
import { devicesOutside, inScope, overlapsScope, regionCodesOutside, scopePrefix } from './scope';

type Scoped = Pick<AuthUser, 'scopeRegionCode'> | null | undefined;

/** Every check that keeps a town account inside its town: targets, lists, reports. */
@Injectable()
export class ScopeService {
  constructor(
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    @InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>,
  ) {}

  /** True for a county-wide account (or a system actor without a user). */
  isCountyWide(user: Scoped): boolean {
    return !user?.scopeRegionCode;
  }

  /** The region code prefix every in-scope code starts with, or null for a county-wide account (for query builders). */
  scopePrefix(user: Scoped): string | null {
    return scopePrefix(user?.scopeRegionCode ?? null);
  }

  /** A TypeORM condition on a region code column limiting rows to the scope, or undefined for no limit. */
  regionCondition(user: Scoped): FindOperator<string> | undefined {
    const prefix = scopePrefix(user?.scopeRegionCode ?? null);
    return prefix === null ? undefined : Like(`${prefix}%`);
  }

  containsRegion(user: Scoped, code: string): boolean {
    return inScope(user?.scopeRegionCode ?? null, code);
  }

  overlapsRegion(user: Scoped, code: string): boolean {
    return overlapsScope(user?.scopeRegionCode ?? null, code);
  }

  async assertRegionCodes(user: Scoped, codes: readonly string[]): Promise<void> {
    const outside = regionCodesOutside(user?.scopeRegionCode ?? null, codes);
    if (outside.length > 0) throw await this.outOfScope(user!, `以下区划超出范围：${outside.join('、')}`);
  }

  /** Throws when this device lies outside the scope. */
  async assertDevice(user: Scoped, device: Pick<DeviceEntity, 'id' | 'regionCode'>): Promise<void> {
    if (!this.containsRegion(user, device.regionCode)) throw await this.outOfScope(user!, `设备 ${device.id} 不在范围内`);
  }

  /** Ids of the devices inside the scope, or null for a county-wide account (no filter). */
  async deviceIdsInScope(user: Scoped): Promise<string[] | null> {
    const where = this.regionCondition(user);
    if (where === undefined) return null;
    return (await this.devices.find({ where: { regionCode: where }, select: { id: true } })).map((d) => d.id);
  }

  /** Throws when a device exists and lies outside the scope (a missing device is the caller's 404). */
  async assertDeviceIds(user: Scoped, ids: readonly string[]): Promise<void> {
    if (this.isCountyWide(user) || ids.length === 0) return;
    const found = await this.devices.find({ where: { id: In([...new Set(ids)]) }, select: { id: true, regionCode: true } });
    const outside = devicesOutside(user!.scopeRegionCode, found);
    if (outside.length > 0) throw await this.outOfScope(user!, `以下设备超出范围：${names(outside.map((d) => d.id))}`);
  }

  /** Devices a schedule's targets reach now (any listed id, region with descendants, kind or tag). */
  async devicesReachedBy(targets: ScheduleTargets): Promise<Array<Pick<DeviceEntity, 'id' | 'regionCode'>>> {
    const all = await this.devices.find({ select: { id: true, kind: true, regionCode: true, tags: true } });
    return all.filter((d) => targetsDevice(targets, { id: d.id, kind: d.kind, regionCodes: regionChain(d.regionCode), tags: d.tags }));
  }

  /**
   * A scoped user's targets must name only regions inside the scope, and every device they resolve to (through
   * ids, regions, kinds or tags) must lie inside it too.
   */
  async assertScheduleTargets(user: Scoped, targets: ScheduleTargets): Promise<void> {
    if (this.isCountyWide(user)) return;
    await this.assertRegionCodes(user, targets.regionCodes ?? []);
    const outside = devicesOutside(user!.scopeRegionCode, await this.devicesReachedBy(targets));
    if (outside.length > 0) {
      throw await this.outOfScope(user!, `播出对象（标签、类型或设备）会覆盖范围外的设备：${names(outside.map((d) => d.id))}`);
    }
  }

  /** For lists: does a schedule reach anything inside the scope? */
  scheduleTouchesScope(user: Scoped, targets: ScheduleTargets, devices: ReadonlyArray<Pick<DeviceEntity, 'id' | 'kind' | 'regionCode' | 'tags'>>): boolean {
    if (this.isCountyWide(user)) return true;
    const scope = user!.scopeRegionCode;
    if ((targets.regionCodes ?? []).some((c) => overlapsScope(scope, c))) return true;
    return devices.some((d) => inScope(scope, d.regionCode) && targetsDevice(targets, { id: d.id, kind: d.kind, regionCodes: regionChain(d.regionCode), tags: d.tags }));
  }

  /** Every device, for list filters that need to resolve targets once. */
  allDevices(): Promise<Array<Pick<DeviceEntity, 'id' | 'kind' | 'regionCode' | 'tags'>>> {
    return this.devices.find({ select: { id: true, kind: true, regionCode: true, tags: true } });
  }

  async outOfScope(user: Pick<AuthUser, 'scopeRegionCode'>, what: string): Promise<AppError> {
    const code = user.scopeRegionCode ?? '';
    const region = code ? await this.regions.findOneBy({ code }) : null;
    return AppError.forbidden(`超出管辖范围：您只能操作${region ? `「${region.name}」` : ''}（${code}）及其下级。${what}`, ErrorCode.OutOfScope);
  }
}

function names(ids: string[]): string {
  return ids.length > 10 ? `${ids.slice(0, 10).join('、')} 等 ${ids.length} 台` : ids.join('、');
}
