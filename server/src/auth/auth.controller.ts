import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ClientIp } from '../audit/audit.decorators';
import { ErrorResponse } from '../common/error-response';
import { AllowedBeforePasswordChange, AuthUser, CurrentUser, Public } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginResultView, MeView } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @ApiOperation({ summary: '登录：连续失败 5 次锁定 15 分钟（按账号和来源地址）', description: '返回 JWT，之后以 Authorization: Bearer <token> 调用其他接口' })
  @ApiOkResponse({ type: LoginResultView })
  @ApiResponse({ status: 401, type: ErrorResponse, description: '用户名或密码错误（INVALID_CREDENTIALS）' })
  @HttpCode(200)
  login(@Body() dto: LoginDto, @ClientIp() ip: string | null): Promise<LoginResultView> {
    return this.auth.login(dto.username, dto.password, ip);
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Post('password')
  @HttpCode(200)
  @ApiOperation({ summary: '修改本人密码（旧密码 + 新密码）；其他会话随即失效，返回新令牌' })
  @ApiOkResponse({ type: LoginResultView })
  changePassword(@Body() dto: ChangePasswordDto, @CurrentUser() user: AuthUser, @ClientIp() ip: string | null): Promise<LoginResultView> {
    return this.auth.changePassword(user, dto.oldPassword, dto.newPassword, ip);
  }

  @ApiBearerAuth()
  @AllowedBeforePasswordChange()
  @Get('me')
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: MeView })
  me(@CurrentUser() user: AuthUser): MeView {
    return { id: user.id, username: user.username, displayName: user.displayName ?? user.username, roles: user.roles, scopeRegionCode: user.scopeRegionCode };
  }
}
