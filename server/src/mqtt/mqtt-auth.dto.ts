import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** Field names follow EMQX's HTTP authentication/authorisation requests (placeholders ${clientid} etc.). */
export class MqttAuthRequestDto {
  @ApiProperty({ maxLength: 128, description: 'MQTT 客户端 id（EMQX ${clientid}）' })
  @IsString()
  @MaxLength(128)
  clientid!: string;

  @ApiProperty({ maxLength: 128, description: '用户名（设备 id 或 sunshine-server）' })
  @IsString()
  @MaxLength(128)
  username!: string;

  @ApiPropertyOptional({ maxLength: 256, description: '密码（设备令牌）' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;
}

export class MqttAclRequestDto {
  @ApiPropertyOptional({ maxLength: 128, description: 'MQTT 客户端 id' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  clientid?: string;

  @ApiProperty({ maxLength: 128, description: '用户名（设备 id 或 sunshine-server）' })
  @IsString()
  @MaxLength(128)
  username!: string;

  @ApiProperty({ maxLength: 256, description: '主题', example: 'sunshine/v1/devices/spk-510811100201-01/state' })
  @IsString()
  @MaxLength(256)
  topic!: string;

  @ApiProperty({ enum: ['publish', 'subscribe'], description: '发布或订阅' })
  @IsIn(['publish', 'subscribe'])
  action!: 'publish' | 'subscribe';
}

/** EMQX's HTTP auth/ACL answer. */
export class MqttVerdictResponse {
  @ApiProperty({ enum: ['allow', 'deny'] })
  result!: 'allow' | 'deny';

  @ApiPropertyOptional({ description: '拒绝原因（中文）' })
  reason?: string;
}
