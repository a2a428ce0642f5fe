import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Page } from '../common/pagination';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { ContentFieldsDto, ContentPageView, CreateContentDto, ListContentsQuery, ReviewCommentDto, RevisionSummaryView } from './content.dto';
import { ContentsService, ContentView } from './contents.service';

@ApiTags('contents')
@ApiBearerAuth()
@Controller('contents')
export class ContentsController {
  constructor(private readonly contents: ContentsService) {}

  @Post()
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
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ContentView> {
    return this.contents.get(id, true);
  }

  @Post(':id/revisions')
  @Roles('editor')
  revise(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ContentFieldsDto, @CurrentUser() user: AuthUser): Promise<ContentView> {
    return this.contents.revise(id, dto, user);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('editor')
  submit(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() user: AuthUser): Promise<ContentView> {
    return this.contents.submit(id, user);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('reviewer')
  approve(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewCommentDto, @CurrentUser() user: AuthUser): Promise<ContentView> {
    return this.contents.approve(id, user, dto.comment);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('reviewer')
  reject(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReviewCommentDto, @CurrentUser() user: AuthUser): Promise<ContentView> {
    return this.contents.reject(id, user, dto.comment);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('editor', 'reviewer')
  withdraw(@Param('id', ParseUUIDPipe) id: string): Promise<ContentView> {
    return this.contents.withdraw(id);
  }
}
