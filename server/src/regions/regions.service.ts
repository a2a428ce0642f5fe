import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isDivisionCode, levelOf, parentOf } from '@sunshine/devices';
import { In, Like, Repository } from 'typeorm';
import { AppError, ErrorCode } from '../common/app-error';
import { DeviceEntity } from '../devices/device.entity';
import { CreateRegionDto, UpdateRegionDto } from './region.dto';
import { LEVEL_NAMES } from './region-csv';
import { RegionEntity } from './region.entity';

/** Digits that identify a division at each level: every code below it shares them. */
const PREFIX_LENGTH = { province: 2, city: 4, county: 6, town: 9, village: 12 } as const;

@Injectable()
export class RegionsService {
  constructor(
    @InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>,
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
  ) {}

  /** Adds one division (typically a new village) under an existing parent. */
  async create(dto: CreateRegionDto): Promise<RegionEntity> {
    if (!isDivisionCode(dto.code)) throw AppError.badRequest(ErrorCode.RegionInvalid, `区划代码 ${dto.code} 不是合法的 12 位统计用区划代码`);
    const level = levelOf(dto.code);
    if (dto.level && dto.level !== level) {
      throw AppError.badRequest(ErrorCode.RegionInvalid, `级别 ${dto.level} 与代码不符：${dto.code} 是${LEVEL_NAMES[level]}代码`);
    }
    if (await this.regions.existsBy({ code: dto.code })) throw AppError.conflict(ErrorCode.RegionExists, `区划代码 ${dto.code} 已存在`);
    const parentCode = parentOf(dto.code);
    if (parentCode && !(await this.regions.existsBy({ code: parentCode }))) {
      throw AppError.badRequest(ErrorCode.RegionInvalid, `上级区划 ${parentCode} 不存在，请先导入`);
    }
    return this.regions.save(this.regions.create({ code: dto.code, name: dto.name.trim(), level, parentCode }));
  }

  async rename(code: string, dto: UpdateRegionDto): Promise<RegionEntity> {
    const region = await this.get(code);
    region.name = dto.name.trim();
    return this.regions.save(region);
  }

  /** Deletes a division and everything below it, refused while any device sits in it. */
  async remove(code: string): Promise<{ code: string; deleted: number }> {
    const region = await this.get(code);
    const prefix = code.slice(0, PREFIX_LENGTH[region.level]);
    const devices = await this.devices.count({ where: { regionCode: Like(`${prefix}%`) } });
    if (devices > 0) {
      throw AppError.conflict(ErrorCode.RegionHasDevices, `${region.name}（${code}）或其下级区划还有 ${devices} 台设备，请先迁移或删除这些设备`, { devices });
    }
    const below = await this.regions.find({ where: { code: Like(`${prefix}%`) }, select: { code: true } });
    await this.regions.delete({ code: In(below.map((r) => r.code)) });
    return { code, deleted: below.length };
  }

  list(): Promise<RegionEntity[]> {
    return this.regions.find({ order: { code: 'ASC' } });
  }

  async get(code: string): Promise<RegionEntity> {
    const region = await this.regions.findOneBy({ code });
    if (!region) throw AppError.notFound(ErrorCode.RegionNotFound, `行政区划代码 ${code} 不存在`);
    return region;
  }

  /** Throws naming every unknown code, so an operator fixes them all at once. */
  async assertAllExist(codes: readonly string[]): Promise<void> {
    if (codes.length === 0) return;
    const found = await this.regions.findBy({ code: In([...new Set(codes)]) });
    const known = new Set(found.map((r) => r.code));
    const missing = codes.filter((c) => !known.has(c));
    if (missing.length > 0) {
      throw AppError.notFound(ErrorCode.RegionNotFound, `行政区划代码不存在：${missing.join('、')}`);
    }
  }

  /** Which of the codes exist. */
  async existing(codes: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(codes)];
    const out = new Set<string>();
    for (let i = 0; i < unique.length; i += 500) {
      for (const r of await this.regions.find({ where: { code: In(unique.slice(i, i + 500)) }, select: { code: true } })) out.add(r.code);
    }
    return out;
  }

  save(regions: Array<Pick<RegionEntity, 'code' | 'name' | 'level' | 'parentCode'>>): Promise<RegionEntity[]> {
    return this.regions.save(regions.map((r) => this.regions.create(r)));
  }

  count(): Promise<number> {
    return this.regions.count();
  }
}
