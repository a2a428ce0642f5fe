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

export class MqttVerdictDto {
  @ApiProperty({ description: '判定：allow 允许，deny 拒绝（EMQX HTTP 鉴权约定）', enum: ['allow', 'deny'] })
  result!: 'allow' | 'deny';

  @ApiPropertyOptional({ description: '拒绝原因（中文）', example: '未知客户端' })
  reason?: string;
}
