import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { PublicKeyInfo, SigningKeyService } from './signing-key.service';

/** Public: agents are provisioned with this key; anyone may verify what the server signed. */
@ApiTags('keys')
@Controller('keys')
export class KeysController {
  constructor(private readonly keys: SigningKeyService) {}

  @Public()
  @Get('playlist')
  playlistKey(): PublicKeyInfo {
    return this.keys.publicKey;
  }
}
