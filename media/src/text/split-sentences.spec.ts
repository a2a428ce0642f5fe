import { splitSentences } from './split-sentences';

const LONG_CLAUSES = '根据县防汛抗旱指挥部统一部署，各乡镇要立即组织力量，对辖区内的水库、山塘、河道进行全面排查，发现隐患及时处置。';

describe('splitSentences', () => {
  it.each<[string, string, number | undefined, string[]]>([
    ['Chinese full stops', '今天有雨。明天转晴。', undefined, ['今天有雨。', '明天转晴。']],
    ['exclamation, question and semicolon marks', '注意！是否撤离？立即撤离；不要返回', undefined, ['注意！', '是否撤离？', '立即撤离；', '不要返回']],
    ['Western punctuation', 'Warning! Leave now? Yes; go', undefined, ['Warning!', 'Leave now?', 'Yes;', 'go']],
    ['a closing quote after the full stop', '他说：“请大家撤离。”随后离开。', undefined, ['他说：“请大家撤离。”', '随后离开。']],
    ['closing brackets and quotes stacked', '（详见附件。）」下一句。', undefined, ['（详见附件。）」', '下一句。']],
    ['repeated terminators', '真的吗？！是的……好。', undefined, ['真的吗？！', '是的……', '好。']],
    ['newlines and CRLF', '第一行\n第二行\r\n第三行', undefined, ['第一行', '第二行', '第三行']],
    ['blank lines and surrounding spaces', '  第一句。  \n\n\n  第二句  ', undefined, ['第一句。', '第二句']],
    ['no punctuation', '关于做好防汛工作的通知', undefined, ['关于做好防汛工作的通知']],
    ['only punctuation', '。。！？，、……\n”', undefined, []],
    ['an empty string', '', undefined, []],
    ['only whitespace', ' \n\t \r\n ', undefined, []],
    ['mixed Latin and Chinese', 'MQTT 服务已上线。Player agent v1.2 ready! 下一步', undefined, ['MQTT 服务已上线。', 'Player agent v1.2 ready!', '下一步']],
    ['a URL with a query string', '详见 https://gov.cn/a?id=5&b=6 。', undefined, ['详见 https://gov.cn/a?id=5&b=6 。']],
    ['a long sentence at commas', LONG_CLAUSES, 30, ['根据县防汛抗旱指挥部统一部署，各乡镇要立即组织力量，', '对辖区内的水库、山塘、河道进行全面排查，发现隐患及时处置。']],
    ['a long sentence at enumeration marks', '水库、山塘、河道、桥梁、涵洞、堤防、渡口、学校。', 9, ['水库、山塘、河道、', '桥梁、涵洞、堤防、', '渡口、学校。']],
    ['a long sentence at colons', '通知：全体村民：请注意安全。', 6, ['通知：', '全体村民：', '请注意安全。']],
    ['numbers containing commas and colons', '共1,200元,15:30开会,地点在礼堂。', 12, ['共1,200元,', '15:30开会,', '地点在礼堂。']],
    ['a long sentence without any break', '一二三四五六七八九十一二三四五六七八九十一二三', 10, ['一二三四五六七八九十', '一二三四五六七八九十', '一二三']],
    ['a hard split that would cut a number', '关于二〇二一年第三季度2021年度报告', 12, ['关于二〇二一年第三季度', '2021年度报告']],
    ['a Latin word longer than the limit', 'ABCDEFGHIJKL', 5, ['ABCDE', 'FGHIJ', 'KL']],
    ['control characters', '通\u0000知\u0007。内\u001b容。', undefined, ['通知。', '内容。']],
  ])('should split %s when given %p (max %p)', (_label, input, maxChars, expected) => {
    expect(splitSentences(input, maxChars === undefined ? undefined : { maxChars })).toEqual(expected);
  });

  it('should keep sentences of up to 60 characters whole when maxChars is not given', () => {
    const sixty = '字'.repeat(59) + '。';
    expect(splitSentences(sixty + '字'.repeat(61))).toEqual([sixty, '字'.repeat(60), '字']);
  });

  it('should keep emoji intact when a hard split falls next to them', () => {
    const text = '😀注意😀安全😀'.repeat(20);
    const pieces = splitSentences(text, { maxChars: 7 });
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect(Array.from(piece).length).toBeLessThanOrEqual(7);
      expect(piece).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
  });

  it('should drop pieces that hold only emoji when there is nothing to read', () => {
    expect(splitSentences('😀😀。请注意。')).toEqual(['请注意。']);
  });

  it('should split 5,000 characters quickly and lose nothing when the input is long', () => {
    const text = (LONG_CLAUSES + '无标点长句'.repeat(30) + '。\n').repeat(16).slice(0, 5000);
    const started = performance.now();
    const pieces = splitSentences(text);
    expect(performance.now() - started).toBeLessThan(200);
    expect(pieces.join('')).toBe(text.replace(/\n/g, ''));
    expect(Math.max(...pieces.map((p) => Array.from(p).length))).toBeLessThanOrEqual(60);
  });

  it.each([0, -1, 2.5, Number.NaN])('should throw a RangeError when maxChars is %p', (maxChars) => {
    expect(() => splitSentences('你好。', { maxChars })).toThrow(RangeError);
  });
});
