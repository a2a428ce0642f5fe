import { Injectable, Logger, StreamableFile } from '@nestjs/common';
import { findRepoRoot } from '@sunshine/media';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppError, ErrorCode } from '../common/app-error';
import { EmbeddedBroker } from '../mqtt/embedded-broker';
import { buildAgentPackage, type AgentPackage } from './agent-packer';

/** Serves what a device needs to install the agent: the package (built once per process), install.sh, the MQTT CA. */
@Injectable()
export class AgentPackageService {
  private readonly logger = new Logger('AgentPackage');
  private built: AgentPackage | null = null;

  constructor(private readonly broker: EmbeddedBroker) {}

  packageFile(): StreamableFile {
    const pkg = this.package();
    return new StreamableFile(pkg.data, { type: 'application/gzip', disposition: `attachment; filename="${pkg.fileName}"`, length: pkg.data.length });
  }

  installScript(): StreamableFile {
    const data = fs.readFileSync(path.join(findRepoRoot(), 'player-agent/install/install.sh'));
    return new StreamableFile(data, { type: 'text/x-shellscript; charset=utf-8', disposition: 'inline; filename="install.sh"', length: data.length });
  }

  caCertificate(): StreamableFile {
    const tls = this.broker.tls;
    if (!tls) throw AppError.notFound(ErrorCode.NotFound, '内置 MQTT 未启用 TLS（MQTT_TLS_CERT/MQTT_TLS_KEY 或 MQTT_TLS=self-signed），没有 CA 证书可下载');
    const data = Buffer.from(tls.caPem);
    return new StreamableFile(data, { type: 'application/x-pem-file', disposition: 'attachment; filename="ca.crt"', length: data.length });
  }

  private package(): AgentPackage {
    if (this.built) return this.built;
    try {
      this.built = buildAgentPackage(findRepoRoot());
    } catch (err) {
      this.logger.error(`无法打包播放代理：${(err as Error).message}`);
      throw new AppError(ErrorCode.AgentPackageMissing, 503, '播放代理安装包暂不可用：请在服务器上运行 npm run build 后重试');
    }
    const sha = createHash('sha256').update(this.built.data).digest('hex');
    this.logger.log(`播放代理安装包 ${this.built.fileName}（${(this.built.data.length / 1024 / 1024).toFixed(1)} MB，sha256 ${sha}）`);
    return this.built;
  }
}
