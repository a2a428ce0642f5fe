import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { ErrorResponse } from '../common/error-response';
import { BROKER_SECRET_HEADER, BrokerHookGuard } from './broker-hook.guard';
import { BrokerHooksService } from './broker-hooks.service';
import { MqttAclRequestDto, MqttAclVerdictDto, MqttAuthRequestDto, MqttAuthVerdictDto } from './mqtt-auth.dto';

/**
 * HTTP auth/ACL hooks for an external broker (EMQX 5 HTTP authentication/authorisation, Mosquitto go-auth): the same decisions as the
 * embedded broker. Mounted only with MQTT_URL and MQTT_BROKER=http-hooks (the default with MQTT_URL); the broker must send the shared secret.
 */
@ApiTags('mqtt')
@ApiHeader({ name: BROKER_SECRET_HEADER, required: true, description: '消息服务器共享密钥（MQTT_AUTH_SECRET，或 DATA_DIR/secrets/mqtt-auth.secret）' })
@ApiForbiddenResponse({ type: ErrorResponse, description: '共享密钥错误或缺失（FORBIDDEN）' })
@ApiTooManyRequestsResponse({ type: ErrorResponse, description: '同一地址请求过于频繁（RATE_LIMITED），见 Retry-After' })
@Public()
@UseGuards(BrokerHookGuard)
@Controller('mqtt')
export class MqttAuthController {
  constructor(private readonly hooks: BrokerHooksService) {}

  @Post('auth')
  @HttpCode(200)
  @ApiOperation({ summary: '外部消息服务器连接鉴权（仅在配置 MQTT_URL 时存在）' })
  @ApiOkResponse({ type: MqttAuthVerdictDto, description: 'EMQX 5 HTTP 认证格式' })
  authenticate(@Body() dto: MqttAuthRequestDto): Promise<MqttAuthVerdictDto> {
    return this.hooks.authenticate(dto);
  }

  @Post('acl')
  @HttpCode(200)
  @ApiOperation({ summary: '外部消息服务器发布/订阅授权（仅在配置 MQTT_URL 时存在）' })
  @ApiOkResponse({ type: MqttAclVerdictDto, description: 'EMQX 5 HTTP 授权格式' })
  authorize(@Body() dto: MqttAclRequestDto): Promise<MqttAclVerdictDto> {
    return this.hooks.authorize(dto);
  }
}
