import { gunzipSync } from 'node:zlib';
import { splitPath, tarGz } from './tar';

/** Reads back names, types, modes and contents from ustar blocks. */
function entries(archive: Buffer): Array<{ path: string; type: string; mode: number; data: string }> {
  const tar = gunzipSync(archive);
  const out: Array<{ path: string; type: string; mode: number; data: string }> = [];
  let offset = 0;
  while (offset + 512 <= tar.length && tar[offset] !== 0) {
    const h = tar.subarray(offset, offset + 512);
    const str = (a: number, n: number): string => h.toString('utf8', a, a + n).replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12), 8);
    const prefix = str(345, 155);
    const stored = parseInt(str(148, 8), 8);
    const copy = Buffer.from(h);
    copy.fill(' ', 148, 156);
    expect(copy.reduce((a, b) => a + b, 0)).toBe(stored);
    out.push({ path: prefix ? `${prefix}/${str(0, 100)}` : str(0, 100), type: str(156, 1), mode: parseInt(str(100, 8), 8), data: tar.toString('utf8', offset + 512, offset + 512 + size) });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe('tarGz', () => {
  it('should hold every file with its parent folders, modes and contents, with valid checksums', () => {
    const archive = tarGz([
      { path: 'pkg/bin/install.sh', data: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
      { path: 'pkg/a.txt', data: Buffer.from('x'.repeat(700)) },
    ]);
    expect(entries(archive)).toEqual([
      { path: 'pkg/', type: '5', mode: 0o755, data: '' },
      { path: 'pkg/bin/', type: '5', mode: 0o755, data: '' },
      { path: 'pkg/bin/install.sh', type: '0', mode: 0o755, data: '#!/bin/sh\n' },
      { path: 'pkg/a.txt', type: '0', mode: 0o644, data: 'x'.repeat(700) },
    ]);
  });

  it('should store long node_modules paths using the ustar prefix', () => {
    const long = `sunshine-agent/node_modules/${'deep/'.repeat(25)}file.js`;
    expect(entries(tarGz([{ path: long, data: Buffer.from('1') }])).pop()!.path).toBe(long);
  });

  it('should give the same bytes for the same inputs', () => {
    const input = [{ path: 'a/b', data: Buffer.from('same') }];
    expect(tarGz(input).equals(tarGz(input))).toBe(true);
  });

  it('should refuse a path that cannot be split into ustar fields', () => {
    expect(() => splitPath('x'.repeat(300))).toThrow('path too long');
  });
});
