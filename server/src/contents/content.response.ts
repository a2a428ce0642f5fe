import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ContentKind, ContentStatus } from './content.entity';
import type { ContentView } from './contents.service';
import type { ReviewState, RevisionEntity, RevisionVariants } from './revision.entity';

export class QaPairResponse {
  @ApiProperty({ description: '问' })
  q!: string;

  @ApiProperty({ description: '答' })
  a!: string;
}

export class VariantRecordingResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'ii', description: '语言（BCP 47）' })
  language!: string;

  @ApiProperty()
  sha256!: string;

  @ApiProperty({ example: 'mp3' })
  ext!: string;

  @ApiProperty({ type: 'integer' })
  durationMs!: number;
}

export class RevisionVariantsResponse implements RevisionVariants {
  @ApiProperty({ example: 'zh-CN', description: '合成语音的语言' })
  speechLanguage!: string;

  @ApiProperty({ type: [VariantRecordingResponse] })
  recordings!: VariantRecordingResponse[];

  @ApiProperty({ type: [String], description: '播放顺序（语言）', example: ['zh-CN', 'ii'] })
  order!: string[];
}

const REVIEW_STATES: ReviewState[] = ['draft', 'submitted', 'approved', 'rejected', 'superseded', 'withdrawn'];
const CONTENT_STATUSES: ContentStatus[] = ['draft', 'submitted', 'approved', 'rejected', 'withdrawn'];
const CONTENT_KINDS: ContentKind[] = ['notice', 'interpretation'];

/** An immutable revision of a content, as stored. */
export class RevisionResponse implements RevisionEntity {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  contentId!: string;

  @ApiProperty({ type: 'integer', description: '修订号（从 1 起）' })
  number!: number;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: '正文（政策解读为问答的纯文本）' })
  body!: string;

  @ApiProperty({ example: 'espeak:cmn' })
  voice!: string;

  @ApiProperty({ example: 1 })
  rate!: number;

  @ApiProperty()
  department!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  validFrom!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  validUntil!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  sourceUrl!: string | null;

  @ApiProperty({ type: [QaPairResponse], nullable: true })
  qa!: QaPairResponse[] | null;

  @ApiProperty({ type: String, nullable: true })
  interpreter!: string | null;

  @ApiProperty({ type: String, nullable: true })
  questionVoice!: string | null;

  @ApiProperty({ type: String, nullable: true })
  answerVoice!: string | null;

  @ApiProperty()
  allowVoiceFallback!: boolean;

  @ApiProperty({ type: RevisionVariantsResponse, nullable: true })
  variants!: RevisionVariantsResponse | null;

  @ApiProperty({ format: 'uuid' })
  authorId!: string;

  @ApiProperty({ enum: REVIEW_STATES })
  reviewState!: ReviewState;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reviewerId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  reviewedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  reviewComment!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}

export class ContentResponse implements ContentView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: CONTENT_KINDS, description: '通知公告或政策解读' })
  kind!: ContentKind;

  @ApiProperty({ enum: CONTENT_STATUSES })
  status!: ContentStatus;

  @ApiProperty({ format: 'uuid' })
  latestRevisionId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: '可播出的修订；审核通过前为 null' })
  approvedRevisionId!: string | null;

  @ApiProperty({ format: 'uuid' })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;

  @ApiProperty({ type: RevisionResponse, description: '最新修订' })
  latest!: RevisionResponse;

  @ApiPropertyOptional({ type: [RevisionResponse], description: '全部修订（仅 GET /contents/{id}）' })
  revisions?: RevisionResponse[];
}
