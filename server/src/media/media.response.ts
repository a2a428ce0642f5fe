import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CatalogueVoice } from '@sunshine/media';
import type { RecordingEntity } from './recording.entity';
import type { RenderJobEntity, RenderJobStatus } from './render-job.entity';
import type { RenderProgressEvent } from './render-queue.service';
import type { RenditionEntity, RenditionStatus } from './rendition.entity';

export class RecordingResponse implements RecordingEntity {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  sha256!: string;

  @ApiProperty({ example: 'mp3' })
  ext!: string;

  @ApiProperty({ example: 'mp3', description: '探测到的容器格式' })
  format!: string;

  @ApiProperty({ example: 'mp3' })
  codec!: string;

  @ApiProperty({ type: 'integer' })
  durationMs!: number;

  @ApiProperty({ type: 'integer', description: '字节数' })
  size!: number;

  @ApiProperty({ example: 'ii', description: '语言（BCP 47）' })
  language!: string;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ format: 'uuid' })
  uploadedBy!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
}

const JOB_STATUSES: RenderJobStatus[] = ['queued', 'running', 'done', 'failed'];

export class RenderJobResponse implements RenderJobEntity {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  revisionId!: string;

  @ApiProperty({ example: 'speaker', description: '设备规格' })
  profile!: string;

  @ApiProperty({ enum: JOB_STATUSES })
  status!: RenderJobStatus;

  @ApiProperty({ description: '即使已有相同输入的渲染结果也重新渲染' })
  force!: boolean;

  @ApiProperty({ type: 'integer' })
  attempts!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, description: '进度（百分比）' })
  progress!: number;

  @ApiProperty({ type: String, nullable: true })
  leaseOwner!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  leaseUntil!: Date | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  renditionId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '中文错误说明' })
  error!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'TTS_UNAVAILABLE' })
  errorCode!: string | null;

  @ApiProperty({ description: '失败后是否会重试' })
  retryable!: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

/** One `data:` line of GET /renders/{jobId}/events. */
export class RenderProgressEventResponse implements RenderProgressEvent {
  @ApiProperty({ format: 'uuid' })
  jobId!: string;

  @ApiProperty({ enum: JOB_STATUSES })
  status!: RenderJobStatus;

  @ApiProperty({ type: 'integer' })
  progress!: number;

  @ApiPropertyOptional({ type: String, nullable: true })
  error?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  errorCode?: string | null;
}

export class SentenceTimingResponse {
  @ApiProperty()
  text!: string;

  @ApiProperty({ type: 'integer' })
  startMs!: number;

  @ApiProperty({ type: 'integer' })
  endMs!: number;
}

const RENDITION_STATUSES: RenditionStatus[] = ['pending', 'rendering', 'done', 'failed'];

export class RenditionResponse implements RenditionEntity {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  revisionId!: string;

  @ApiProperty({ example: 'speaker' })
  profile!: string;

  @ApiProperty({ description: '所有影响输出的输入的哈希' })
  renderKey!: string;

  @ApiProperty({ enum: RENDITION_STATUSES })
  status!: RenditionStatus;

  @ApiProperty({ type: String, nullable: true })
  sha256!: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  size!: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  durationMs!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'audio/mpeg' })
  mime!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'mp3' })
  ext!: string | null;

  @ApiProperty({ type: String, nullable: true })
  voiceId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: '实际朗读的语音（离线语音代替时与 voiceId 不同）' })
  voiceUsed!: string | null;

  @ApiProperty({ description: '在线语音不可用，改由离线语音朗读' })
  fallback!: boolean;

  @ApiProperty({ type: [SentenceTimingResponse], nullable: true })
  sentences!: SentenceTimingResponse[] | null;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

export class VoiceResponse implements CatalogueVoice {
  @ApiProperty({ example: 'espeak:cmn' })
  id!: string;

  @ApiProperty({ enum: ['espeak', 'edge', 'recording'] })
  engine!: CatalogueVoice['engine'];

  @ApiProperty({ example: 'zh-CN' })
  language!: string;

  @ApiPropertyOptional({ example: '四川话' })
  dialect?: string;

  @ApiProperty({ description: '中文名称' })
  name!: string;

  @ApiProperty({ description: '无需网络即可使用' })
  offline!: boolean;

  @ApiProperty({ description: '当前是否可用' })
  available!: boolean;
}
