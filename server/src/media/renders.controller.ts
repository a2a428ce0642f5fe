import { Body, CanActivate, Controller, ExecutionContext, Get, Injectable, MessageEvent, Param, ParseUUIDPipe, Post, Sse, UseGuards } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { RenderJobResponse, RenderProgressEventResponse } from './media.response';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';
import { concat, defer, distinctUntilChanged, exhaustMap, filter, from, fromEvent, interval, map, merge, Observable, takeWhile } from 'rxjs';
import { Roles } from '../auth/auth.decorators';
import { AppError, ErrorCode } from '../common/app-error';
import { ContentsService } from '../contents/contents.service';
import { RenderJobEntity } from './render-job.entity';
import { RENDER_PROGRESS, RenderProgressEvent, RenderQueueService } from './render-queue.service';
import { RenditionsService } from './renditions.service';

/** A job rendered by another process (a render worker) reports no in-process events: its row is re-read this often. */
const PROGRESS_POLL_MS = 1_000;

export class RenderRequestDto {
  @ApiPropertyOptional({ type: [String], maxItems: 10, description: '设备规格，省略时为所有在用规格', example: ['speaker'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  profiles?: string[];

  /** Render again even if the same inputs were rendered before. */
  @ApiPropertyOptional({ default: false, description: '即使相同输入已渲染过也重新渲染' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

/**
 * An event stream's status line leaves before its handler's promise settles, so an unknown job must be refused
 * here, in a guard (awaited before the stream opens), to answer 404 rather than a 200 stream that ends at once.
 */
@Injectable()
export class RenderJobExistsGuard implements CanActivate {
  constructor(private readonly queue: RenderQueueService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const jobId = String(ctx.switchToHttp().getRequest<{ params: Record<string, string> }>().params.jobId ?? '');
    if (!(await this.queue.get(jobId))) throw AppError.notFound(ErrorCode.NotFound, `渲染任务 ${jobId.slice(0, 64)} 不存在`);
    return true;
  }
}

@ApiTags('media')
@ApiBearerAuth()
@Controller()
export class RendersController {
  constructor(
    private readonly renditions: RenditionsService,
    private readonly queue: RenderQueueService,
    private readonly contents: ContentsService,
    private readonly emitter: EventEmitter2,
  ) {}

  /** Renders the latest revision — a draft too, so an editor can listen and watch before submitting (preview). */
  @Post('contents/:id/render')
  @ApiOperation({ summary: '渲染内容（预览或重新渲染）', description: '渲染最新修订（草稿亦可），返回各规格的渲染任务' })
  @ApiCreatedResponse({ type: [RenderJobResponse], description: '各规格的渲染任务' })
  @Roles('editor', 'operator')
  async render(@Param('id', ParseUUIDPipe) id: string, @Body() dto: RenderRequestDto): Promise<RenderJobEntity[]> {
    const content = await this.contents.get(id);
    return this.renditions.render(content.latestRevisionId, dto.profiles, dto.force ?? false);
  }

  @Get('revisions/:revisionId/renders')
  @ApiOperation({ summary: '修订的渲染任务' })
  @ApiOkResponse({ type: [RenderJobResponse] })
  async list(@Param('revisionId', ParseUUIDPipe) revisionId: string): Promise<RenderJobEntity[]> {
    await this.renditions.assertRevision(revisionId);
    return this.queue.list(revisionId);
  }

  @Get('renders/:jobId')
  @ApiOperation({ summary: '渲染任务详情' })
  @ApiOkResponse({ type: RenderJobResponse })
  async get(@Param('jobId', ParseUUIDPipe) jobId: string): Promise<RenderJobEntity> {
    const job = await this.queue.get(jobId);
    if (!job) throw AppError.notFound(ErrorCode.NotFound, `渲染任务 ${jobId} 不存在`);
    return job;
  }

  /** Server-sent events: the job's state now, then every progress change until it is done or failed. */
  @Sse('renders/:jobId/events')
  @ApiOperation({ summary: '渲染进度（服务器推送事件）', description: '先推送任务当前状态，之后每次进度变化推送一次，完成或失败后结束；每条 data 为 RenderProgressEventResponse 的 JSON' })
  @ApiProduces('text/event-stream')
  @ApiExtraModels(RenderProgressEventResponse)
  @ApiOkResponse({
    description: 'text/event-stream：每条 data 为一个 RenderProgressEventResponse（JSON）',
    content: { 'text/event-stream': { schema: { type: 'string', description: '服务器推送事件流；每条 data 为 RenderProgressEventResponse 的 JSON' } } },
  })
  @UseGuards(RenderJobExistsGuard)
  progress(@Param('jobId', ParseUUIDPipe) jobId: string): Observable<MessageEvent> {
    const read = (): Observable<RenderProgressEvent> =>
      defer(() => from(this.get(jobId))).pipe(map((j): RenderProgressEvent => ({ jobId: j.id, status: j.status, progress: j.progress, error: j.error, errorCode: j.errorCode })));
    const local = fromEvent(this.emitter, RENDER_PROGRESS).pipe(
      map((e) => e as RenderProgressEvent),
      filter((e) => e.jobId === jobId),
    );
    const polled = interval(PROGRESS_POLL_MS).pipe(exhaustMap(read));
    return concat(read(), merge(local, polled)).pipe(
      distinctUntilChanged((a, b) => a.status === b.status && a.progress === b.progress),
      takeWhile((e) => e.status === 'queued' || e.status === 'running', true),
      map((e) => ({ data: e })),
    );
  }
}
