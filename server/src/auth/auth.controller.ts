import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponse } from '../common/error-response';
import { AuthUser, CurrentUser, Public } from './auth.decorators';
import { LoginDto } from './auth.dto';
import { CurrentUserResponse, LoginResponse } from './auth.response';
import { AuthService, LoginResult } from './auth.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @ApiOperation({ summary: '登录', description: '返回 JWT，之后以 Authorization: Bearer <token> 调用其他接口' })
  @ApiOkResponse({ type: LoginResponse })
  @ApiResponse({ status: 401, type: ErrorResponse, description: '用户名或密码错误（INVALID_CREDENTIALS）' })
  @HttpCode(200)
  login(@Body() dto: LoginDto): Promise<LoginResult> {
    return this.auth.login(dto.username, dto.password);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOperation({ summary: '当前登录用户' })
  @ApiOkResponse({ type: CurrentUserResponse })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}
