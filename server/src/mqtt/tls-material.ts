import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MqttTlsSource } from '../config/app-config';
import { StartupError } from '../common/startup-error';

/** What the TLS listener needs, and what agents pin or trust. */
export interface TlsMaterial {
  /** Server certificate, followed by its CA when generated (so a client pinning the CA sees it in the chain). */
  certPem: string;
  keyPem: string;
  /** The CA agents should trust (`--ca-file`); the server certificate itself when files were given without one. */
  caPem: string;
  /** SHA-256 of `caPem` as colon-separated upper-case hex, for `--fingerprint`. */
  caFingerprint: string;
}

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

/** Files for MQTT_TLS_CERT/MQTT_TLS_KEY, or the CA + server pair kept under `<dataDir>/tls` (generated once). */
export async function loadTlsMaterial(source: MqttTlsSource, dataDir: string, hostNames: string[]): Promise<TlsMaterial> {
  if (source.kind === 'files') {
    const certPem = readPem(source.certFile, 'MQTT_TLS_CERT');
    const keyPem = readPem(source.keyFile, 'MQTT_TLS_KEY');
    const caPem = lastCertificate(certPem);
    return { certPem, keyPem, caPem, caFingerprint: new X509Certificate(caPem).fingerprint256 };
  }
  const dir = path.join(dataDir, 'tls');
  const files = { ca: path.join(dir, 'ca.crt'), caKey: path.join(dir, 'ca.key'), cert: path.join(dir, 'server.crt'), key: path.join(dir, 'server.key') };
  if (!Object.values(files).every((f) => fs.existsSync(f))) await generatePair(files, hostNames);
  const caPem = fs.readFileSync(files.ca, 'utf8');
  const certPem = `${fs.readFileSync(files.cert, 'utf8').trimEnd()}\n${caPem}`;
  return { certPem, keyPem: fs.readFileSync(files.key, 'utf8'), caPem, caFingerprint: new X509Certificate(caPem).fingerprint256 };
}

/** Names the generated server certificate is valid for: loopback, this host's name and addresses, the public URLs' hosts. */
export function certificateHostNames(publicUrls: string[]): string[] {
  const names = new Set<string>(['localhost', '127.0.0.1', '::1', os.hostname()]);
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(a.address.replace(/%.*$/, ''));
  for (const url of publicUrls) {
    try {
      names.add(new URL(url).hostname.replace(/^\[|\]$/g, ''));
    } catch {
      // not a URL: nothing to add
    }
  }
  return [...names].filter((n) => n !== '');
}

async function generatePair(files: { ca: string; caKey: string; cert: string; key: string }, hostNames: string[]): Promise<void> {
  // Loaded only to make a certificate pair (first start with MQTT_TLS=self-signed): selfsigned and node-forge hold
  // about 16 MB that a running server never needs.
  const { generate } = await import('selfsigned');
  const notBeforeDate = new Date(Date.now() - 3600_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + TEN_YEARS_MS);
  const ca = await generate([{ name: 'commonName', value: 'Sunshine Cast MQTT CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const isIp = (n: string): boolean => /^[\d.]+$/.test(n) || n.includes(':');
  const server = await generate([{ name: 'commonName', value: hostNames[0] ?? 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hostNames.map((n) => (isIp(n) ? { type: 7 as const, ip: n } : { type: 2 as const, value: n })) },
    ],
  });
  fs.mkdirSync(path.dirname(files.ca), { recursive: true, mode: 0o700 });
  fs.writeFileSync(files.caKey, ca.private, { mode: 0o600 });
  fs.writeFileSync(files.key, server.private, { mode: 0o600 });
  fs.writeFileSync(files.cert, server.cert);
  // The CA last: its presence with the others marks a complete pair.
  fs.writeFileSync(files.ca, ca.cert);
}

function readPem(file: string, name: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new StartupError(`无法读取 ${name} 指定的文件 ${file}：${(err as Error).message}`);
  }
}

function lastCertificate(pem: string): string {
  const all = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!all) throw new StartupError('MQTT_TLS_CERT 中没有 PEM 格式的证书（-----BEGIN CERTIFICATE-----）');
  return `${all[all.length - 1]}\n`;
}
