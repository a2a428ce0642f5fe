import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { PageQuery } from '../common/pagination';
import { ContentResponse } from './content.response';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsISO8601, IsNotEmpty, IsNumber, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';

export class QaPairDto {
  @ApiProperty({ example: '哪些人可以在村里办理“村能办”业务？', maxLength: 500, description: '问' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  q!: string;

  @ApiProperty({ example: '本村户籍和常住居民均可办理……', maxLength: 2000, description: '答' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  a!: string;
}

export const MAX_BODY_CHARS = 5000;

/** Language versions on loudspeakers: the text read by the voice plus uploaded recordings, in an order. */
export class VariantsDto {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'uuid' }, minItems: 1, maxItems: 4, description: '引用的录音 id（POST /api/recordings 上传，各带语言）', example: ['3f1c…'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsUUID('all', { each: true })
  recordings!: string[];

  @ApiProperty({ type: 'array', items: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }, minItems: 1, maxItems: 5, description: '播放顺序（语言），如先普通话合成再彝语录音', example: ['zh-CN', 'ii'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { each: true })
  order!: string[];
}

export class ContentFieldsDto {
  @ApiProperty({ example: '关于冬春森林防火的通告', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ description: `正文，最多 ${MAX_BODY_CHARS} 字（通知必填；政策解读由问答生成）`, maxLength: MAX_BODY_CHARS })
  @ValidateIf((o: ContentFieldsDto) => !o.qa)
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BODY_CHARS)
  body?: string;

  @ApiPropertyOptional({ type: [QaPairDto], minItems: 1, maxItems: 50, description: '政策解读的问答（一问一答）' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => QaPairDto)
  qa?: QaPairDto[];

  @ApiPropertyOptional({ description: '解读人（政策解读必填）', example: '张明远', maxLength: 64 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  interpreter?: string;

  @ApiPropertyOptional({ description: '提问语音（政策解读，可与回答语音不同）', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  questionVoice?: string;

  @ApiPropertyOptional({ description: '回答语音（政策解读）', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  answerVoice?: string;

  @ApiProperty({ example: '栖凤区人民政府办公室', maxLength: 100, description: '发布部门' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  department!: string;

  @ApiPropertyOptional({ example: 'espeak:cmn', maxLength: 64, description: '语音，默认离线普通话' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  voice?: string;

  @ApiPropertyOptional({ example: 1, minimum: 0.5, maximum: 2, description: '语速倍率 0.5–2，老年听众多的村可调慢' })
  @IsOptional()
  @IsNumber()
  @Min(0.5)
  @Max(2)
  rate?: number;

  @ApiPropertyOptional({
    description: '在线语音无法连接时是否改用离线语音播出（通知默认允许：按时播出比音色重要；政策解读默认不允许：问答两种音色会变成同一种）',
  })
  @IsOptional()
  @IsBoolean()
  allowVoiceFallback?: boolean;

  @ApiPropertyOptional({ type: VariantsDto, description: '多语言版本（如汉彝双语），喇叭版按顺序连续播放' })
  @IsOptional()
  @ValidateNested()
  @Type(() => VariantsDto)
  variants?: VariantsDto;

  @ApiPropertyOptional({ format: 'date-time', description: '有效期起（ISO-8601）' })
  @IsOptional()
  @IsISO8601()
  validFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: '有效期止（ISO-8601）' })
  @IsOptional()
  @IsISO8601()
  validUntil?: string;

  @ApiPropertyOptional({ format: 'uri', maxLength: 500, description: '原文链接（视频版生成二维码）' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  sourceUrl?: string;
}

export class CreateContentDto extends ContentFieldsDto {
  @ApiPropertyOptional({ enum: ['notice', 'interpretation'], default: 'notice', description: '通知公告或政策解读' })
  @IsOptional()
  @IsIn(['notice', 'interpretation'])
  kind?: 'notice' | 'interpretation';
}

export class ReviewCommentDto {
  @ApiPropertyOptional({ maxLength: 500, description: '审核意见' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  comment?: string;
}

export class ListContentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['notice', 'interpretation'], description: '通知公告或政策解读' })
  @IsOptional()
  @IsIn(['notice', 'interpretation'])
  kind?: 'notice' | 'interpretation';

  @ApiPropertyOptional({ enum: ['draft', 'submitted', 'approved', 'rejected', 'withdrawn'], description: '状态' })
  @IsOptional()
  @IsIn(['draft', 'submitted', 'approved', 'rejected', 'withdrawn'])
  status?: 'draft' | 'submitted' | 'approved' | 'rejected' | 'withdrawn';

  @ApiPropertyOptional({ maxLength: 100, description: '发布部门（最新版本的，完全相同）', example: '栖凤区应急管理局' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  department?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '作者（创建者）用户编号' })
  @IsOptional()
  @IsUUID()
  authorId?: string;

  @ApiPropertyOptional({ maxLength: 100, description: '在最新版本的标题和正文中搜索' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ContentPageView {
  @ApiProperty({ type: [ContentResponse], description: '内容（字段同 GET /api/contents/{id}，不含历史版本）' })
  items!: ContentResponse[];

  @ApiProperty({ type: 'integer', description: '符合条件的总数' })
  total!: number;

  @ApiProperty({ type: 'integer' })
  page!: number;

  @ApiProperty({ type: 'integer' })
  pageSize!: number;
}

export class RevisionSummaryView {
  @ApiProperty()
  id!: string;

  @ApiProperty({ description: '版本号（从 1 开始）' })
  number!: number;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  department!: string;

  @ApiProperty()
  authorId!: string;

  @ApiProperty({ nullable: true, type: String, description: '作者用户名' })
  authorName!: string | null;

  @ApiProperty({ enum: ['draft', 'submitted', 'approved', 'rejected', 'superseded', 'withdrawn'], description: '审核状态' })
  status!: string;

  @ApiProperty({ nullable: true, type: String })
  reviewerId!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  reviewedAt!: Date | null;

  @ApiProperty({ nullable: true, type: String })
  reviewComment!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}
