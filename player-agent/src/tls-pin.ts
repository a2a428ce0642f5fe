import type { PeerCertificate, DetailedPeerCertificate } from 'node:tls';
import * as tls from 'node:tls';

/** A pinned fingerprint that matches no certificate the server presents: likely a wrong server or a changed certificate. */
export class FingerprintMismatchError extends Error {
  readonly code = 'FINGERPRINT_MISMATCH';
  constructor(readonly presented: string[]) {
    super(`服务器证书链中没有指纹匹配的证书（服务器提供：${presented.join('，')}）`);
  }
}

/** The certificates of a presented chain, leaf first (Node links the self-signed root to itself). */
export function chainOf(leaf: PeerCertificate): PeerCertificate[] {
  const chain: PeerCertificate[] = [];
  let cert: DetailedPeerCertificate | undefined = leaf as DetailedPeerCertificate;
  while (cert && cert.raw && !chain.some((c) => c.fingerprint256 === cert!.fingerprint256)) {
    chain.push(cert);
    cert = cert.issuerCertificate;
  }
  return chain;
}

export function toPem(cert: PeerCertificate): string {
  const b64 = cert.raw.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** Pinning replaces the host-name check: the agent may reach the broker by an address the certificate does not name. */
export function pinnedIdentityCheck(fingerprint: string): (host: string, cert: PeerCertificate) => Error | undefined {
  return (_host, cert) => {
    const chain = chainOf(cert);
    return chain.some((c) => c.fingerprint256 === fingerprint) ? undefined : new FingerprintMismatchError(chain.map((c) => c.fingerprint256));
  };
}

/**
 * Fetches the broker's certificate chain without trusting it and returns it as PEM when one of its certificates
 * has the pinned SHA-256 fingerprint; the MQTT connection then trusts exactly that chain (and checks the pin again),
 * so no credentials are sent before the pin matched. Nothing is written on this probe connection.
 */
export function fetchPinnedChain(host: string, port: number, fingerprint: string, timeoutMs = 20_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, servername: isIp(host) ? undefined : host, rejectUnauthorized: false });
    const timer = setTimeout(() => socket.destroy(new Error(`连接 ${host}:${port} 超时`)), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const chain = chainOf(socket.getPeerCertificate(true));
      socket.end();
      if (!chain.some((c) => c.fingerprint256 === fingerprint)) return reject(new FingerprintMismatchError(chain.map((c) => c.fingerprint256)));
      resolve(chain.map(toPem));
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
