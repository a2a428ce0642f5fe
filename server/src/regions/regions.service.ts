import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AppError, ErrorCode } from '../common/app-error';
import { RegionEntity } from './region.entity';

@Injectable()
export class RegionsService {
  constructor(@InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>) {}

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
