import type { PeerCertificate } from 'node:tls';
import { chainOf, FingerprintMismatchError, pinnedIdentityCheck, toPem } from './tls-pin';

function cert(fingerprint256: string, issuer?: PeerCertificate): PeerCertificate {
  const c = { fingerprint256, raw: Buffer.from(fingerprint256) } as unknown as PeerCertificate & { issuerCertificate?: PeerCertificate };
  c.issuerCertificate = issuer ?? c;
  return c;
}

describe('tls pinning', () => {
  const root = cert('AA');
  const leaf = cert('BB', root);

  it('should walk a presented chain leaf first and stop at the self-signed root', () => {
    expect(chainOf(leaf).map((c) => c.fingerprint256)).toEqual(['BB', 'AA']);
  });

  it('should accept a chain holding the pinned CA or the pinned leaf, whatever the host name', () => {
    expect(pinnedIdentityCheck('AA')('10.0.0.5', leaf)).toBeUndefined();
    expect(pinnedIdentityCheck('BB')('not-in-the-cert', leaf)).toBeUndefined();
  });

  it('should refuse a chain without the pinned certificate, naming what was presented', () => {
    const err = pinnedIdentityCheck('CC')('h', leaf);
    expect(err).toBeInstanceOf(FingerprintMismatchError);
    expect((err as FingerprintMismatchError).code).toBe('FINGERPRINT_MISMATCH');
    expect(err!.message).toContain('BB，AA');
  });

  it('should write DER bytes as a PEM certificate', () => {
    expect(toPem(cert('xyz'))).toBe('-----BEGIN CERTIFICATE-----\neHl6\n-----END CERTIFICATE-----\n');
  });
});
