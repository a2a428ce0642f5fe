import { dispositionName } from './disposition-name';

describe('dispositionName', () => {
  it('should read the RFC 5987 Chinese name first', () => {
    expect(dispositionName(`attachment; filename="report.pdf"; filename*=UTF-8''%E6%A0%96%E5%87%A4%E5%8C%BA.pdf`, 'x')).toBe('栖凤区.pdf');
  });

  it('should fall back to the plain name, then to the given one', () => {
    expect(dispositionName('attachment; filename="report.csv"', 'x')).toBe('report.csv');
    expect(dispositionName(null, '报表.xlsx')).toBe('报表.xlsx');
  });

  it('should not throw on a malformed escape', () => {
    expect(dispositionName(`attachment; filename="a.csv"; filename*=UTF-8''%E6%A0`, 'x')).toBe('a.csv');
  });
});
