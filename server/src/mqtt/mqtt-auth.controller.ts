import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { authorizePublish, authorizeSubscribe } from '@sunshine/devices';
import { Public } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { DeviceAuthService } from './device-auth.service';
import { MqttAclRequestDto, MqttAuthRequestDto } from './mqtt-auth.dto';

type Verdict = { result: 'allow' | 'deny'; reason?: string };

/**
 * HTTP auth/ACL hooks for an external broker (EMQX HTTP auth, Mosquitto go-auth): the same decisions as the
 * embedded broker. When MQTT_AUTH_SECRET is set the broker must send it as `x-sunshine-broker-secret`.
 */
@ApiTags('mqtt')
@Controller('mqtt')
export class MqttAuthController {
  constructor(private readonly auth: DeviceAuthService) {}

  @Public()
  @Post('auth')
  @HttpCode(200)
  async authenticate(@Body() dto: MqttAuthRequestDto, @Headers('x-sunshine-broker-secret') secret?: string): Promise<Verdict> {
    this.checkSecret(secret);
    const r = await this.auth.authenticate({ clientId: dto.clientid, username: dto.username, password: dto.password ?? '' });
    return r.ok ? { result: 'allow' } : { result: 'deny', reason: r.reason };
  }

  @Public()
  @Post('acl')
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
