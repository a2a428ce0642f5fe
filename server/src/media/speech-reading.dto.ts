import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class SpeechReadingDto {
  @ApiProperty({ description: '要朗读的文字（至多 5000 字）', maxLength: 5000, example: '12月5日上午9:30开会，咨询电话13812345678。' })
  @IsString()
  @MaxLength(5000)
  text!: string;

  @ApiPropertyOptional({ example: 1, minimum: 0.5, maximum: 2, description: '语速倍率 0.5–2（不影响读法，只为与内容表单一致）' })
  @IsOptional()
  @IsNumber()
  @Min(0.5)
  @Max(2)
  rate?: number;
}

export class SpokenSentenceView {
  @ApiProperty({ description: '原文中的一句' })
  source!: string;

  @ApiProperty({ description: '该句实际朗读的文字（数字、日期、电话号码等已转写）' })
  spoken!: string;
}

export class SpeechReadingView {
  @ApiProperty({ description: '全文的朗读文字' })
  reading!: string;

  @ApiProperty({ type: [SpokenSentenceView], description: '逐句对照' })
  sentences!: SpokenSentenceView[];
}
