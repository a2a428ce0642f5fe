import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { PublicKeyResponse } from './public-key.response';
import { PublicKeyInfo, SigningKeyService } from './signing-key.service';

/** Public: agents are provisioned with this key; anyone may verify what the server signed. */
@ApiTags('keys')
@Controller('keys')
export class KeysController {
  constructor(private readonly keys: SigningKeyService) {}

  @Public()
  @Get('playlist')
  @ApiOperation({ summary: '播放列表签名公钥', description: '设备用它校验服务器签名的播放列表、命令和预警（无需登录）' })
  @ApiOkResponse({ type: PublicKeyResponse })
  playlistKey(): PublicKeyInfo {
    return this.keys.publicKey;
  }
}
