import { contentDisposition, rfc5987, safeFileName } from './content-disposition';

describe('contentDisposition', () => {
  it('gives a Chinese name in RFC 5987 form and an ASCII fallback', () => {
    expect(contentDisposition('栖凤区2026年第三季度通报.pdf')).toBe(
      `attachment; filename="2026.pdf"; filename*=UTF-8''${encodeURIComponent('栖凤区2026年第三季度通报.pdf')}`,
    );
  });

  it('falls back to "report" when nothing ASCII is left', () => {
    expect(contentDisposition('通报.xlsx')).toMatch(/^attachment; filename="report\.xlsx"; filename\*=UTF-8''%E9%80%9A%E6%8A%A5\.xlsx$/);
  });

  it('escapes the characters encodeURIComponent leaves but RFC 5987 forbids', () => {
    expect(rfc5987("a'(b)*!")).toBe('a%27%28b%29%2A%21');
  });

  it('strips path separators, quotes and control characters from the name', () => {
    expect(safeFileName('../a"b\nc/d.csv')).toBe('.._a_b_c_d.csv');
    expect(safeFileName('  ')).toBe('report');
    expect(contentDisposition('x"y.csv')).toContain('filename="x_y.csv"');
  });
});
