import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNotEmpty, IsNumber, IsOptional, IsString, IsUrl, Max, MaxLength, Min } from 'class-validator';

export const MAX_BODY_CHARS = 5000;

export class ContentFieldsDto {
  @ApiProperty({ example: '关于冬春森林防火的通告', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiProperty({ description: `正文，最多 ${MAX_BODY_CHARS} 字`, maxLength: MAX_BODY_CHARS })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BODY_CHARS)
  body!: string;

  @ApiProperty({ example: '栖凤区人民政府办公室' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  department!: string;

  @ApiPropertyOptional({ example: 'espeak:cmn', description: '语音，默认离线普通话' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  voice?: string;

  @ApiPropertyOptional({ example: 1, description: '语速倍率 0.5–2，老年听众多的村可调慢' })
  @IsOptional()
  @IsNumber()
  @Min(0.5)
  @Max(2)
  rate?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  validFrom?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  validUntil?: string;

  @ApiPropertyOptional({ description: '原文链接（视频版生成二维码）' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  sourceUrl?: string;
}

export class CreateContentDto extends ContentFieldsDto {
  @ApiPropertyOptional({ enum: ['notice'], default: 'notice' })
  @IsOptional()
  @IsIn(['notice'])
  kind?: 'notice';
}

export class ReviewCommentDto {
  @ApiPropertyOptional({ description: '审核意见' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  comment?: string;
}
