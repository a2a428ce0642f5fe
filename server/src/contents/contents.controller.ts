import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-response';
import { ContentResponse } from './content.response';
import { Page } from '../common/pagination';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { ContentFieldsDto, ContentPageView, CreateContentDto, ListContentsQuery, ReviewCommentDto, RevisionSummaryView } from './content.dto';
import { ContentsService, ContentView } from './contents.service';

@ApiTags('contents')
@ApiBearerAuth()
@Controller('contents')
@ApiConflictResponse({ type: ErrorResponse, description: '当前状态不允许此操作（INVALID_STATE_TRANSITION）' })
export class ContentsController {
  constructor(private readonly contents: ContentsService) {}

  @Post()
  @ApiOperation({ summary: '撰写内容（通知公告或政策解读）', description: '创建草稿及其第 1 个修订' })
  @ApiCreatedResponse({ type: ContentResponse })
  @Roles('editor')
  create(@Body() dto: CreateContentDto, @CurrentUser() user: AuthUser): Promise<ContentView> {
    return this.contents.create(dto, user);
  }

  @Get()
  @ApiOperation({ summary: '内容列表（新的在前，按类型、状态、部门、作者、标题/正文筛选，分页）' })
  @ApiOkResponse({ type: ContentPageView })
  list(@Query() q: ListContentsQuery): Promise<Page<ContentView>> {
    return this.contents.search(q);
  }

  @Get(':id/revisions')
  @ApiOperation({ summary: '内容的全部版本（作者、审核状态、创建时间），新的在前' })
  @ApiOkResponse({ type: [RevisionSummaryView] })
  revisions(@Param('id', ParseUUIDPipe) id: string): Promise<RevisionSummaryView[]> {
    return this.contents.revisions(id);
  }

  @Get(':id')
  @ApiOperation({ summary: '内容详情（含全部修订）' })
  @ApiOkResponse({ type: ContentResponse })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ContentView> {
    return this.contents.get(id, true);
  }

  @Post(':id/revisions')
  @ApiOperation({ summary: '修改内容', description: '每次修改生成一个新的不可变修订' })
  @ApiCreatedResponse({ type: ContentResponse })
  @Roles('editor')
  revise(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ContentFieldsDto, @CurrentUser() user: AuthUser): Promise<ContentView> {
    return this.contents.revise(id, dto, user);
  }

  @Post(':id/submit')
  @ApiOperation({ summary: '提交审核' })
  @ApiOkResponse({ type: ContentResponse })
  @HttpCode(200)
  @Roles('editor')
  submit(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<ContentView> {
    return this.contents.submit(id, user);
  }

  @Post(':id/approve')
  @ApiOperation({ summary: '审核通过', description: '不能审核自己撰写的内容；通过后开始渲染' })
  @ApiOkResponse({ type: ContentResponse })
  @HttpCode(200)
  @Roles('reviewer')
  approve(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewCommentDto, @CurrentUser() user: AuthUser): Promise<ContentView> {
    return this.contents.approve(id, user, dto.comment);
  }

  @Post(':id/reject')
  @ApiOperation({ summary: '审核驳回' })
  @ApiOkResponse({ type: ContentResponse })
  @HttpCode(200)
  @Roles('reviewer')
  reject(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewCommentDto, @CurrentUser() user: AuthUser): Promise<ContentView> {
    return this.contents.reject(id, user, dto.comment);
  }

  @Post(':id/withdraw')
  @ApiOperation({ summary: '撤回内容', description: '从所有设备的播放列表中移除' })
  @ApiOkResponse({ type: ContentResponse })
  @HttpCode(200)
  @Roles('editor', 'reviewer')
  withdraw(@Param('id', ParseUUIDPipe) id: string): Promise<ContentView> {
    return this.contents.withdraw(id);
  }
}
