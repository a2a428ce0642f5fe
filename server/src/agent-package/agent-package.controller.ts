import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ErrorResponse } from '../common/error-response';
import { AgentPackageService } from './agent-package.service';

/** Public on purpose: a device being installed has no credentials yet, and the package holds none. */
@ApiTags('agent')
@Public()
@Controller('agent')
export class AgentPackageController {
  constructor(private readonly packages: AgentPackageService) {}

  @Get('package')
  @ApiOperation({ summary: '下载播放代理安装包（sunshine-agent-<版本>.tar.gz，含 mqtt 依赖，x86/ARM 通用）' })
  @ApiOkResponse({ description: 'tar.gz 安装包', content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } } })
  @ApiServiceUnavailableResponse({ type: ErrorResponse, description: '服务器未构建播放代理（AGENT_PACKAGE_MISSING）' })
  package(): StreamableFile {
    return this.packages.packageFile();
  }

  @Get('install.sh')
  @ApiOperation({ summary: '一键安装脚本：curl -fsSL <服务器>/api/agent/install.sh | sudo sh -s -- --server <服务器> --device-id <ID> --token <令牌>' })
  @ApiOkResponse({ description: 'POSIX sh 安装脚本', content: { 'text/x-shellscript': { schema: { type: 'string' } } } })
  installScript(): StreamableFile {
    return this.packages.installScript();
  }

  @Get('ca.crt')
  @ApiOperation({ summary: '内置 MQTT over TLS 的 CA 证书（供 --ca-file；请通过可信渠道核对 SHA-256 指纹）' })
  @ApiOkResponse({ description: 'PEM 格式 CA 证书', content: { 'application/x-pem-file': { schema: { type: 'string' } } } })
  @ApiNotFoundResponse({ type: ErrorResponse, description: '未启用 MQTT over TLS' })
  caCertificate(): StreamableFile {
    return this.packages.caCertificate();
  }
}
