import { Injectable } from '@nestjs/common';
import { isDivisionCode, levelOf } from '@sunshine/devices';
import { AuditService } from '../audit/audit.service';
import { passwordProblem } from '../auth/password-policy';
import { UsersService } from '../auth/users.service';
import { AppError, ErrorCode } from '../common/app-error';
import { StartupError } from '../common/startup-error';
import { RegionsService } from '../regions/regions.service';
import { SetupDto, SetupResultView, SetupStatusView } from './setup.dto';

/** Exit code when production start is refused (distinct from 1, a crash or a port in use). */
export const REFUSED_EXIT_CODE = 2;

/**
 * First run of a real county: creates the first administrator and the county itself, only while no user
 * exists. Used by POST /api/setup and by `npm run setup`.
 */
@Injectable()
export class SetupService {
  /** Serialises set-ups in this process so two concurrent requests cannot both create an administrator. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly users: UsersService,
    private readonly regions: RegionsService,
    private readonly audit: AuditService,
  ) {}

  async status(): Promise<SetupStatusView> {
    return { needed: (await this.users.count()) === 0 };
  }

  run(dto: SetupDto, ip: string | null): Promise<SetupResultView> {
    const next = this.chain.then(() => this.doRun(dto, ip));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Production refuses to start while an account still has a password the demo seeder printed: anyone who saw
   * the demo output (or the README) could log in.
   */
  async assertFitForProduction(): Promise<void> {
    const demo = await this.users.withDemoPasswords();
    if (demo.length === 0) return;
    throw new StartupError(
      `生产模式（NODE_ENV=production）拒绝启动：以下账号仍在使用演示密码：${demo.map((u) => u.username).join('、')}。` +
        '请先用 npm start（非生产模式）登录，修改这些账号的密码（POST /api/auth/password）或由管理员停用，再以生产模式启动；' +
        '新部署请使用全新的数据目录并运行 npm run setup 创建正式管理员。',
      REFUSED_EXIT_CODE,
    );
  }

  private async doRun(dto: SetupDto, ip: string | null): Promise<SetupResultView> {
    if ((await this.users.count()) > 0) {
      throw AppError.conflict(ErrorCode.SetupAlreadyDone, '系统已完成首次设置（已有用户），请由管理员登录后管理用户');
    }
    const code = dto.countyCode.length === 6 ? `${dto.countyCode}000000` : dto.countyCode;
    if (!isDivisionCode(code) || levelOf(code) !== 'county') {
      throw AppError.badRequest(ErrorCode.ValidationFailed, `县（区）代码 ${dto.countyCode} 不是有效的县级行政区划代码（如 510811）`);
    }
    const problem = passwordProblem(dto.adminUsername, dto.adminPassword);
    if (problem) throw AppError.badRequest(ErrorCode.WeakPassword, problem);
    const name = dto.countyName.trim();
    await this.regions.save([{ code, name, level: 'county', parentCode: null }]);
    const admin = await this.users.create({ username: dto.adminUsername, displayName: dto.adminDisplayName ?? '系统管理员', password: dto.adminPassword, roles: ['admin'] });
    await this.audit.record({ action: 'setup.completed', actor: { id: admin.id, username: admin.username }, ip, target: { type: 'user', id: admin.id }, details: { countyCode: code, countyName: name } });
    return { admin: { id: admin.id, username: admin.username, displayName: admin.displayName }, county: { code, name }, importedRegions: 0 };
  }
}
