import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-response';
import { authorizePublish, authorizeSubscribe } from '@sunshine/devices';
import { Public } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { DeviceAuthService } from './device-auth.service';
import { MqttAclRequestDto, MqttAuthRequestDto, MqttVerdictResponse } from './mqtt-auth.dto';

type Verdict = { result: 'allow' | 'deny'; reason?: string };

/**
 * HTTP auth/ACL hooks for an external broker (EMQX HTTP auth, Mosquitto go-auth): the same decisions as the
 * embedded broker. When MQTT_AUTH_SECRET is set the broker must send it as `x-sunshine-broker-secret`.
 */
@ApiTags('mqtt')
@ApiHeader({ name: 'x-sunshine-broker-secret', required: false, description: '设置了 MQTT_AUTH_SECRET 时必须携带' })
@ApiForbiddenResponse({ type: ErrorResponse, description: '消息服务器鉴权密钥错误' })
@Controller('mqtt')
export class MqttAuthController {
  constructor(private readonly auth: DeviceAuthService) {}

  @Public()
  @Post('auth')
  @ApiOperation({ summary: '外部消息服务器的连接鉴权钩子', description: 'EMQX HTTP 认证：与内置消息服务器相同的判定' })
  @ApiOkResponse({ type: MqttVerdictResponse })
  @HttpCode(200)
  async authenticate(@Body() dto: MqttAuthRequestDto, @Headers('x-sunshine-broker-secret') secret?: string): Promise<Verdict> {
    this.checkSecret(secret);
    const r = await this.auth.authenticate({ clientId: dto.clientid, username: dto.username, password: dto.password ?? '' });
    return r.ok ? { result: 'allow' } : { result: 'deny', reason: r.reason };
  }

  @Public()
  @Post('acl')
  @ApiOperation({ summary: '外部消息服务器的主题授权钩子', description: 'EMQX HTTP 授权：设备只能发布、订阅自己的主题' })
  @ApiOkResponse({ type: MqttVerdictResponse })
  @HttpCode(200)
  async authorize(@Body() dto: MqttAclRequestDto, @Headers('x-sunshine-broker-secret') secret?: string): Promise<Verdict> {
    this.checkSecret(secret);
    const principal = await this.auth.principalFor(dto.username);
    if (!principal) return { result: 'deny', reason: '未知客户端' };
    const d = dto.action === 'publish' ? authorizePublish(principal, dto.topic) : authorizeSubscribe(principal, dto.topic);
    return d.allow ? { result: 'allow' } : { result: 'deny', reason: d.reason };
  }

  private checkSecret(given: string | undefined): void {
    const expected = this.auth.authSecret;
    if (expected && given !== expected) throw AppError.forbidden('消息服务器鉴权密钥错误', ErrorCode.Forbidden);
  }
}
