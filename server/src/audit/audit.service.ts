import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Between, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { AuditAction, AuditEntryEntity } from './audit-entry.entity';

export interface AuditRecord {
  action: AuditAction;
  actor: { id: string | null; username: string | null } | null;
  ip: string | null;
  target?: { type: string; id: string } | null;
  details?: Record<string, unknown> | null;
}

export interface AuditQuery {
  action?: AuditAction;
  actor?: string;
  targetId?: string;
  from?: string;
  until?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditPage {
  items: AuditEntryEntity[];
  total: number;
  page: number;
  pageSize: number;
}

/** Field names whose values never reach the audit log. */
const SECRET_FIELDS = /password|token|secret/i;

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    @InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>,
    private readonly clock: Clock,
  ) {}

  async record(r: AuditRecord): Promise<void> {
    try {
      await this.entries.save(this.entries.create({
        id: randomUUID(),
        at: this.clock.now(),
        action: r.action,
        actorId: r.actor?.id ?? null,
        actorName: r.actor?.username?.slice(0, 64) ?? null,
        ip: r.ip?.slice(0, 64) ?? null,
        targetType: r.target?.type ?? null,
        targetId: r.target?.id.slice(0, 64) ?? null,
        details: r.details ? redact(r.details) : null,
      }));
    } catch (err) {
      // The action itself already happened; a failed audit write is logged loudly rather than undoing it.
      this.logger.error(`审计日志写入失败（${r.action}）：${(err as Error).message}`);
    }
  }

  async find(q: AuditQuery): Promise<AuditPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const where: FindOptionsWhere<AuditEntryEntity> = {};
    if (q.action) where.action = q.action;
    if (q.actor) where.actorName = q.actor;
    if (q.targetId) where.targetId = q.targetId;
    if (q.from && q.until) where.at = Between(new Date(q.from), new Date(q.until));
    else if (q.from) where.at = MoreThanOrEqual(new Date(q.from));
    else if (q.until) where.at = LessThanOrEqual(new Date(q.until));
    const [items, total] = await this.entries.findAndCount({ where, order: { at: 'DESC', id: 'ASC' }, skip: (page - 1) * pageSize, take: pageSize });
    return { items, total, page, pageSize };
  }
}

/** Copies details with every secret-looking field replaced, at any depth. */
export function redact(value: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_FIELDS.test(k) ? '***' : walk(x)]));
    }
    return v;
  };
  return walk(value) as Record<string, unknown>;
}
