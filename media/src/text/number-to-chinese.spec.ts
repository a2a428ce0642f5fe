import { digitsToChinese, numberToChinese } from './number-to-chinese';

describe('numberToChinese', () => {
  it.each([
    ['0', '零'],
    ['7', '七'],
    ['10', '十'],
    ['15', '十五'],
    ['20', '二十'],
    ['100', '一百'],
    ['101', '一百零一'],
    ['110', '一百一十'],
    ['1010', '一千零一十'],
    ['1001', '一千零一'],
    ['1200', '一千二百'],
    ['10000', '一万'],
    ['10010', '一万零一十'],
    ['100000', '十万'],
    ['105000', '十万五千'],
    ['1000500', '一百万零五百'],
    ['12345678', '一千二百三十四万五千六百七十八'],
    ['100000000', '一亿'],
    ['100010000', '一亿零一万'],
    ['1000000000000', '一万亿'],
    ['1200000000000', '一万二千亿'],
    ['10000000000000000', '一亿亿'],
    ['007', '七'],
    ['0.5', '零点五'],
    ['7.3', '七点三'],
    ['50.05', '五十点零五'],
    ['3.50', '三点五零'],
    ['-5', '负五'],
    ['−12.5', '负十二点五'],
  ])('should read %s as %s when given a decimal string', (input, expected) => {
    expect(numberToChinese(input)).toBe(expected);
  });

  it('should read digit by digit when the integer part exceeds 10^16', () => {
    expect(numberToChinese('10000000000000001')).toBe('一零零零零零零零零零零零零零零零一');
  });

  it.each(['', 'abc', '1,200', '1.', '.5', '1e5'])('should throw a RangeError when given %p', (input) => {
    expect(() => numberToChinese(input)).toThrow(RangeError);
  });
});

describe('digitsToChinese', () => {
  it.each([
    ['2021', '二零二一'],
    ['0376', '零三七六'],
    ['13812345678', '一三八一二三四五六七八'],
    ['4943.1', '四九四三点一'],
    ['12X', '一二X'],
    ['', ''],
  ])('should read %p as %p when reading digits one by one', (input, expected) => {
    expect(digitsToChinese(input)).toBe(expected);
  });
});
