import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-response';
import { Public } from '../auth/auth.decorators';
import { AgentPackageService } from './agent-package.service';

/** Public on purpose: a device being installed has no credentials yet, and the package holds none. */
@ApiTags('agent')
@ApiExtraModels(ErrorResponse)
@Public()
@Controller('agent')
export class AgentPackageController {
  constructor(private readonly packages: AgentPackageService) {}

  @Get('package')
  @ApiOperation({ summary: '下载播放代理安装包（sunshine-agent-<版本>.tar.gz，含 mqtt 依赖，x86/ARM 通用）' })
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: 'tar.gz 安装包', schema: { type: 'string', format: 'binary' } })
  // Errors are JSON even though the success is a file: spelled out, or @ApiProduces would label them too.
  @ApiResponse({ status: 503, description: '服务器未构建播放代理（AGENT_PACKAGE_MISSING）', content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponse) } } } })
  package(): StreamableFile {
    return this.packages.packageFile();
  }

  @Get('install.sh')
  @ApiOperation({ summary: '一键安装脚本：curl -fsSL <服务器>/api/agent/install.sh | sudo sh -s -- --server <服务器> --device-id <ID> --token <令牌>' })
  @ApiProduces('text/x-shellscript')
  @ApiOkResponse({ description: 'POSIX sh 安装脚本', schema: { type: 'string' } })
  installScript(): StreamableFile {
    return this.packages.installScript();
  }

  @Get('ca.crt')
  @ApiOperation({ summary: '内置 MQTT over TLS 的 CA 证书（供 --ca-file；请通过可信渠道核对 SHA-256 指纹）' })
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ description: 'PEM 格式 CA 证书', schema: { type: 'string' } })
  @ApiResponse({ status: 404, description: '未启用 MQTT over TLS', content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponse) } } } })
  caCertificate(): StreamableFile {
    return this.packages.caCertificate();
  }
}
