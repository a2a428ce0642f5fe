import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** Field names follow EMQX's HTTP authentication/authorisation requests (placeholders ${clientid} etc.). */
export class MqttAuthRequestDto {
  @IsString()
  @MaxLength(128)
  clientid!: string;

  @IsString()
  @MaxLength(128)
  username!: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  password?: string;
}

export class MqttAclRequestDto {
  @IsOptional()
  @IsString()
  @MaxLength(128)
  clientid?: string;

  @IsString()
  @MaxLength(128)
  username!: string;

  @IsString()
  @MaxLength(256)
  topic!: string;

  @IsIn(['publish', 'subscribe'])
  action!: 'publish' | 'subscribe';
}
