import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuditPageView, AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: '审计日志：登录、用户、角色和设备变更（管理员，按时间倒序分页）' })
  @ApiOkResponse({ type: AuditPageView })
  find(@Query() q: AuditQueryDto): Promise<AuditPageView> {
    return this.audit.find(q);
  }
}
