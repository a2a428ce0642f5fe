import { csvBodyText, parseCsv, toCsv } from './csv';

describe('parseCsv', () => {
  it('should key rows by header and report the file line of each row when there are blank and multi-line rows', () => {
    const r = parseCsv('\uFEFFa,b\r\n1,2\r\n\r\n"x\ny",3\r\n5,6\r\n');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, fields: { a: '1', b: '2' } },
      { line: 4, fields: { a: 'x\ny', b: '3' } },
      { line: 6, fields: { a: '5', b: '6' } },
    ]);
  });

  it('should report a row with the wrong number of fields by its line and keep the others', () => {
    const r = parseCsv('a,b\n1,2\n3\n4,5');
    expect(r.problems).toEqual([{ line: 3, reason: '列数为 1，表头有 2 列' }]);
    expect(r.rows.map((x) => x.line)).toEqual([2, 4]);
  });

  it('should report an empty file', () => {
    expect(parseCsv('').problems).toEqual([{ line: 1, reason: '文件为空：第一行应为表头' }]);
  });

  it('should report an unterminated quote as a format error', () => {
    expect(parseCsv('a,b\n1,"2\n').problems[0].reason).toMatch(/^CSV 格式错误/);
  });
});

describe('toCsv', () => {
  it('should start with a BOM, use CRLF and quote fields with commas, quotes and newlines', () => {
    expect(toCsv(['id', 'name'], [['a', '红岩村,喇叭'], ['b', 'say "hi"']]).toString('utf8')).toBe('\uFEFFid,name\r\na,"红岩村,喇叭"\r\nb,"say ""hi"""\r\n');
  });
});

describe('csvBodyText', () => {
  it('should accept a text body or JSON with csv, and refuse anything else', () => {
    expect(csvBodyText('a,b')).toBe('a,b');
    expect(csvBodyText({ csv: 'a,b' })).toBe('a,b');
    expect(() => csvBodyText({ rows: [] })).toThrow(/CSV/);
    expect(() => csvBodyText(undefined)).toThrow(/CSV/);
  });
});
