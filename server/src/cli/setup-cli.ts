/**
 * First run of a real county, straight against the database (no server needs to run):
 *   npm run setup -- --admin <用户名> --password <密码> --county-code 510811 --county-name 栖凤区 [--display-name …] [--regions-csv 区划.csv]
 * With --regions-csv the county's towns and villages are imported right after (all or nothing, as POST /api/regions/import).
 * DATA_DIR / DATABASE_URL select the database as for the server. Refused once any user exists.
 * The password may come from SUNSHINE_ADMIN_PASSWORD instead, to keep it out of the shell history.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { AppError } from '../common/app-error';
import { loadConfig } from '../config/app-config';
import { CoreModule } from '../config/core.module';
import { StartupError } from '../common/startup-error';
import { databaseModule, migrateOnStart } from '../database/database.module';
import { RegionsImportService } from '../regions/regions-import.service';
import { RegionsModule } from '../regions/regions.module';
import { SetupModule } from '../setup/setup.module';
import { SetupService } from '../setup/setup.service';

const USAGE = '用法：npm run setup -- --admin <用户名> --password <密码> --county-code <6 位县级代码> --county-name <县（区）名称> [--display-name <显示名>] [--regions-csv <区划 CSV 文件>] [--data-dir 目录]\n';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      admin: { type: 'string' },
      password: { type: 'string', default: process.env.SUNSHINE_ADMIN_PASSWORD },
      'county-code': { type: 'string' },
      'county-name': { type: 'string' },
      'display-name': { type: 'string' },
      'data-dir': { type: 'string' },
      'regions-csv': { type: 'string' },
    },
  });
  if (!values.admin || !values.password || !values['county-code'] || !values['county-name']) {
    process.stderr.write(USAGE);
    return 2;
  }
  // Read before anything is written, so a wrong path costs nothing.
  let regionsCsv: string | null = null;
  if (values['regions-csv']) {
    try {
      regionsCsv = readFileSync(values['regions-csv'], 'utf8');
    } catch (err) {
      process.stderr.write(`无法读取区划文件 ${values['regions-csv']}：${(err as Error).message}\n`);
      return 2;
    }
  }
  const config = loadConfig(process.env, values['data-dir'] ? ['--data-dir', values['data-dir']] : []);

  try {
    await migrateOnStart(config);
  } catch (err) {
    if (!(err instanceof StartupError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }

  @Module({ imports: [CoreModule.forRoot(config), databaseModule(config), AuditModule, AuthModule, RegionsModule, SetupModule] })
  class SetupCliModule {}

  const app = await NestFactory.createApplicationContext(SetupCliModule, { logger: ['error'] });
  try {
    const result = await app.get(SetupService).run(
      { adminUsername: values.admin, adminPassword: values.password, adminDisplayName: values['display-name'], countyCode: values['county-code'], countyName: values['county-name'] },
      'cli',
    );
    if (regionsCsv !== null) {
      // After the county exists: the file's towns may name it as their parent without listing it.
      try {
        const imported = await app.get(RegionsImportService).import(regionsCsv);
        process.stdout.write(`已导入行政区划：新增 ${imported.created} 个，更新 ${imported.updated} 个。\n`);
      } catch (err) {
        process.stderr.write(
          `首次设置已完成，但区划文件未导入：${(err as Error).message}\n改正文件后以管理员登录，在控制台或 POST /api/regions/import 再次导入。\n`,
        );
        return 1;
      }
    }
    process.stdout.write(
      `首次设置完成：已创建「${result.county.name}」（${result.county.code}）和管理员 ${result.admin.username}。\n` +
        `数据目录：${config.dataDir}\n现在可以启动服务（npm run start:prod），以该管理员登录后在 /api/users 创建其他账号。\n`,
    );
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`首次设置失败：${err.message}${err instanceof AppError ? `（${err.code}）` : ''}\n`);
    process.exit(1);
  },
);
