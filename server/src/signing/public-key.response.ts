import { ApiProperty } from '@nestjs/swagger';
import type { PublicKeyInfo } from './signing-key.service';

export class PublicKeyResponse implements PublicKeyInfo {
  @ApiProperty({ description: '密钥 id（与信封中的 keyId 对应）' })
  keyId!: string;

  @ApiProperty({ enum: ['Ed25519'] })
  algorithm!: 'Ed25519';

  @ApiProperty({ description: 'SPKI PEM 公钥' })
  publicKeyPem!: string;
}
