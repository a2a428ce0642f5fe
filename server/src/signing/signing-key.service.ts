import { Inject, Injectable, Logger } from '@nestjs/common';
import { Envelope, exportPrivateKeyPem, generateSigningKey, keyIdOf, loadSigningKey, SignedPayloadBase, signEnvelope, SigningKey } from '@sunshine/playlists';
import { createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export interface PublicKeyInfo {
  keyId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
}

/** The server's Ed25519 signing key: created on first start, kept in the data dir (0600), never leaves it. */
@Injectable()
export class SigningKeyService {
  private readonly logger = new Logger('Signing');
  private readonly key: SigningKey;
  readonly publicKey: PublicKeyInfo;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const file = path.join(config.dataDir, 'keys', 'playlist-signing-ed25519.pem');
    if (fs.existsSync(file)) {
      this.key = loadSigningKey(fs.readFileSync(file, 'utf8'));
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      this.key = generateSigningKey().signingKey;
      fs.writeFileSync(file, exportPrivateKeyPem(this.key), { mode: 0o600 });
      this.logger.log(`已生成播放列表签名密钥 ${this.key.keyId}（${file}）`);
    }
    const pub = createPublicKey(this.key.privateKey);
    this.publicKey = { keyId: keyIdOf(pub), algorithm: 'Ed25519', publicKeyPem: pub.export({ type: 'spki', format: 'pem' }).toString() };
  }

  sign<P extends SignedPayloadBase>(topic: string, payload: P): Envelope<P> {
    return signEnvelope(topic, payload, this.key);
  }
}
