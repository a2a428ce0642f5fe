import { sanitizeText } from './sanitize-text';

describe('sanitizeText', () => {
  it.each([
    ['CRLF line breaks', '第一行\r\n第二行', '第一行\n第二行'],
    ['bare CR line breaks', '第一行\r第二行', '第一行\n第二行'],
    ['Unicode line and paragraph separators', '甲\u2028乙\u2029丙', '甲\n乙\n丙'],
    ['a NUL, bell and escape', '通\u0000知\u0007内\u001b容', '通知内容'],
    ['C1 controls and DEL', '通\u0080知\u009f内\u007f容', '通知内容'],
    ['a tab between words', 'LED\t屏', 'LED 屏'],
    ['zero-width characters and a BOM', '\uFEFF通\u200B知\u200D', '通知'],
    ['bidi control characters', '通\u202E知\u2066', '通知'],
    ['a lone surrogate', '通\uD83D知\uDE00', '通知'],
    ['emoji', '注意⚠️安全😀', '注意⚠️安全😀'],
    ['plain Chinese text with newlines', '关于开展防汛工作的通知。\n请各村做好准备。', '关于开展防汛工作的通知。\n请各村做好准备。'],
  ])('should normalise %s when sanitising', (_label, input, expected) => {
    expect(sanitizeText(input)).toBe(expected);
  });
});
