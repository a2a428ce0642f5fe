import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientIp } from '../audit/audit.decorators';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { CreateUserDto, ResetPasswordView, UpdateUserDto, UserView } from './users.dto';
import { UsersAdminService } from './users-admin.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersAdminService) {}

  @Get()
  @ApiOperation({ summary: '用户列表（含停用、锁定状态）' })
  @ApiOkResponse({ type: [UserView] })
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  @Post()
  @ApiOperation({ summary: '新建用户（角色 + 管辖范围）' })
  @ApiCreatedResponse({ type: UserView })
  create(@Body() dto: CreateUserDto, @CurrentUser() admin: AuthUser, @ClientIp() ip: string | null): Promise<UserView> {
    return this.users.create(dto, { admin, ip });
  }

  @Patch(':id')
  @ApiOperation({ summary: '修改用户：显示名、角色、管辖范围、停用（停用后其会话立即失效）' })
  @ApiOkResponse({ type: UserView })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateUserDto, @CurrentUser() admin: AuthUser, @ClientIp() ip: string | null): Promise<UserView> {
    return this.users.update(id, dto, { admin, ip });
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: '重置密码：返回只显示一次的一次性密码，用户首次登录须修改' })
  @ApiOkResponse({ type: ResetPasswordView })
  resetPassword(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() admin: AuthUser, @ClientIp() ip: string | null): Promise<ResetPasswordView> {
    return this.users.resetPassword(id, { admin, ip });
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: '解除因登录失败过多造成的账号锁定' })
  @ApiOkResponse({ type: UserView })
  unlock(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() admin: AuthUser, @ClientIp() ip: string | null): Promise<UserView> {
    return this.users.unlock(id, { admin, ip });
  }
}
