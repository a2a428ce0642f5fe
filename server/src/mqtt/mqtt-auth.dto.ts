import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** Field names follow EMQX's HTTP authentication/authorisation requests (placeholders ${clientid} etc.). */
export class MqttAuthRequestDto {
  @ApiProperty({ description: 'MQTT 客户端 ID（设备为设备 ID）', example: 'spk-510811100201-01', maxLength: 128 })
  @IsString()
  @MaxLength(128)
  clientid!: string;

  @ApiProperty({ description: 'MQTT 用户名（设备为设备 ID，服务端为 sunshine-server）', example: 'spk-510811100201-01', maxLength: 128 })
  @IsString()
  @MaxLength(128)
  username!: string;

  @ApiPropertyOptional({ description: 'MQTT 密码（设备令牌）', maxLength: 256 })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;
}

export class MqttAclRequestDto {
  @ApiPropertyOptional({ description: 'MQTT 客户端 ID', example: 'spk-510811100201-01', maxLength: 128 })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  clientid?: string;

  @ApiProperty({ description: 'MQTT 用户名（设备 ID 或 sunshine-server）', example: 'spk-510811100201-01', maxLength: 128 })
  @IsString()
  @MaxLength(128)
  username!: string;

  @ApiProperty({ description: '主题', example: 'sunshine/v1/devices/spk-510811100201-01/playlist', maxLength: 256 })
  @IsString()
  @MaxLength(256)
  topic!: string;

  @ApiProperty({ description: '动作', enum: ['publish', 'subscribe'] })
  @IsIn(['publish', 'subscribe'])
  action!: 'publish' | 'subscribe';
}

/** EMQX 5 HTTP authentication answer: `{"result": "allow" | "deny" | "ignore", "is_superuser": false}`. */
export class MqttAuthVerdictDto {
  @ApiProperty({
    description: '判定（EMQX 5 HTTP 认证约定）：allow 允许，deny 拒绝（本系统的账号但凭据无效或已停用），ignore 不是本系统的账号，交给认证链中的下一个认证器',
    enum: ['allow', 'deny', 'ignore'],
  })
  result!: 'allow' | 'deny' | 'ignore';

  @ApiProperty({ description: '是否超级用户：始终为 false，每次发布/订阅都经授权接口判定', example: false })
  is_superuser!: boolean;

  @ApiPropertyOptional({ description: '拒绝或忽略的原因（中文，供日志）', example: '用户名或设备令牌无效' })
  reason?: string;
}

/** EMQX 5 HTTP authorisation answer: `{"result": "allow" | "deny"}` (unmatched is deny here, never ignore). */
export class MqttAclVerdictDto {
  @ApiProperty({ description: '判定（EMQX 5 HTTP 授权约定）：allow 允许，deny 拒绝', enum: ['allow', 'deny'] })
  result!: 'allow' | 'deny';

  @ApiPropertyOptional({ description: '拒绝原因（中文，供日志）', example: '未知客户端' })
  reason?: string;
}
