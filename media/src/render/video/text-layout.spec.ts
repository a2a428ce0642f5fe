import { charWidth, limitLines, slideText, stripUndrawable, textWidth, wrapText } from './text-layout';

describe('charWidth / textWidth', () => {
  it('should count CJK and full-width punctuation as 1 em and Latin as 0.6 em', () => {
    expect(charWidth('通')).toBe(1);
    expect(charWidth('，')).toBe(1);
    expect(charWidth('A')).toBe(0.6);
    expect(charWidth('9')).toBe(0.6);
    expect(textWidth("10月15日")).toBeCloseTo(4.4, 9);
  });
});

describe('wrapText', () => {
  it('should fill lines to the width and break anywhere between CJK characters', () => {
    expect(wrapText('一二三四五六七八九十', 4)).toEqual(['一二三四', '五六七八', '九十']);
  });

  it('should never start a line with closing punctuation, pushing the previous character down with it', () => {
    expect(wrapText('一二三四。五六', 4)).toEqual(['一二三', '四。五六']);
    expect(wrapText('一二三“四五”。', 4)).toEqual(['一二三', '“四', '五”。']);
  });

  it('should never end a line with opening punctuation when a quote opens at the break', () => {
    expect(wrapText('一二三《四五》', 4)).toEqual(['一二三', '《四五》']);
  });

  it('should keep numbers, words and URLs whole when they fit on a line', () => {
    expect(wrapText('咨询电话：0834-1234567。', 9)).toEqual(['咨询电话：', '0834-1234567。']);
    expect(wrapText('请访问 www.gov.cn 查看', 6)).toEqual(['请访问', 'www.gov.cn', '查看']);
  });

  it('should hard-split a run that is wider than a line and keep every line within the width', () => {
    const url = 'https://example.gov.cn/a/very/long/path/document-2026-11-23.html';
    const lines = wrapText(`原文：${url}`, 10);
    expect(lines.join('')).toBe(`原文：${url}`);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(10 + 1e-9);
  });

  it('should carry the last character along when a cut run would leave closing punctuation at a line start', () => {
    expect(wrapText('0834-1234567。', 8)).toEqual(['0834-123456', '7。']);
  });

  it('should drop spaces at line edges and return nothing for blank text', () => {
    expect(wrapText('   ', 5)).toEqual([]);
    expect(wrapText('abc def ghi', 2.4)).toEqual(['abc', 'def', 'ghi']);
  });

  it('should reject a width below one em', () => {
    expect(() => wrapText('x', 0.5)).toThrow(RangeError);
  });
});

describe('limitLines', () => {
  it('should cut to the line limit and end with an ellipsis that fits when there are too many lines', () => {
    expect(limitLines(['一二三四', '五六七八', '九十'], 2, 4)).toEqual(['一二三四', '五六七…']);
    expect(limitLines(['一二'], 2, 4)).toEqual(['一二']);
  });
});

describe('stripUndrawable / slideText', () => {
  it('should remove emoji, flags and their joiners but keep CJK, digits and symbols the font has', () => {
    expect(stripUndrawable('通知😀1️⃣🇨🇳👍🏽※★©')).toBe('通知1※★©');
  });

  it('should collapse blanks into single spaces and trim when preparing slide text', () => {
    expect(slideText('  关于\n\n停水   的通知 🎉 ')).toBe('关于 停水 的通知');
  });
});
