import { assColour, assOverride, assRect, assTime, buildAssDocument, escapeAssText } from './ass';

const WJ = '\u2060';

/** What libass would treat as markup in escaped text: an unescaped brace, or a backslash starting an escape. */
function libassMarkup(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      if ('Nnh{}'.includes(text[i + 1] ?? '')) {
        if (text[i + 1] === '{' || text[i + 1] === '}') i++; // \{ and \} are the literal-brace escapes we emit
        else found.push(text.slice(i, i + 2));
      } else if (text[i + 1] === undefined) {
        found.push('trailing \\');
      }
    } else if (text[i] === '{' || text[i] === '}') {
      found.push(text[i]);
    }
  }
  return found;
}

describe('escapeAssText', () => {
  it('should turn an override block into escaped braces when the text contains {\\an8}', () => {
    expect(escapeAssText('{\\an8}通知')).toBe(`\\{\\${WJ}an8\\}通知`);
    expect(libassMarkup(escapeAssText('{\\an8}通知'))).toEqual([]);
  });

  it('should keep filter-graph hazards as plain characters when the text has %{localtime}, colons and quotes', () => {
    expect(escapeAssText("%{localtime}:'x'")).toBe("%\\{localtime\\}:'x'");
  });

  it('should break every backslash escape when the text contains \\N, \\n, \\h or a trailing backslash', () => {
    const escaped = escapeAssText('a\\Nb\\nc\\hd\\');
    expect(escaped).toBe(`a\\${WJ}Nb\\${WJ}nc\\${WJ}hd\\${WJ}`);
    expect(libassMarkup(escaped)).toEqual([]);
    // Appending our own markup after escaped text must not form an escape with a user backslash.
    expect(libassMarkup(escaped + 'x')).toEqual([]);
  });

  it('should keep a user backslash literal when it precedes a brace', () => {
    expect(escapeAssText('\\{')).toBe(`\\${WJ}\\{`);
  });

  it('should flatten line breaks and drop control characters when the text spans lines', () => {
    expect(escapeAssText('第一行\r\n第二行\n\u2028第三\u0000\u0007\u001b行\tX')).toBe('第一行 第二行  第三行 X');
  });

  it('should keep emoji whole and never output a lone surrogate when the text has emoji and broken pairs', () => {
    const escaped = escapeAssText('通知😀👨\u200D👩\uD800尾');
    expect(escaped).toBe('通知😀👨👩尾'); // joiners are invisible formatting, removed like the rest
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(escaped)).toBe(false);
  });

  it('should escape 5,000 hostile characters in one line when given a long hostile string', () => {
    const hostile = '{\\an8}\\N%{pts}:\'\n'.repeat(400).slice(0, 5000);
    const escaped = escapeAssText(hostile);
    expect(escaped).not.toMatch(/[\r\n]/);
    expect(libassMarkup(escaped)).toEqual([]);
    expect(escaped.replace(/\\([{}])/g, '$1').replace(new RegExp(`\\\\${WJ}`, 'g'), '\\')).toBe(hostile.replace(/\n/g, ' '));
  });
});

describe('assTime', () => {
  it('should format centiseconds with rounding when given milliseconds', () => {
    expect(assTime(0)).toBe('0:00:00.00');
    expect(assTime(1234.6)).toBe('0:00:01.23');
    expect(assTime(61_995)).toBe('0:01:02.00');
    expect(assTime(3_723_450)).toBe('1:02:03.45');
  });

  it('should reject a negative or non-finite time', () => {
    expect(() => assTime(-1)).toThrow(RangeError);
    expect(() => assTime(Number.NaN)).toThrow(RangeError);
  });
});

describe('colours and tags', () => {
  it('should reorder to BGR with alpha as transparency when converting a colour', () => {
    expect(assColour('#A61B1B')).toBe('&H001B1BA6');
    expect(assColour('#102030', 0)).toBe('&HFF302010');
    expect(() => assColour('red')).toThrow(RangeError);
  });

  it('should build one override block from numbers when given position, clip, size and colour', () => {
    expect(assOverride({ align: 7, pos: [10, 20.256], fontSize: 69.4, colour: '#FFFFFF' })).toBe('{\\an7\\pos(10,20.26)\\fs69.4\\c&HFFFFFF&}');
    expect(assOverride({ move: [1, 2, 3, 4], clip: [0, 0, 100, 50] })).toBe('{\\move(1,2,3,4)\\clip(0,0,100,50)}');
    expect(assOverride({})).toBe('');
    expect(() => assOverride({ align: 0 })).toThrow(RangeError);
    expect(() => assOverride({ pos: [Number.POSITIVE_INFINITY, 0] })).toThrow(RangeError);
  });

  it('should draw a borderless filled rectangle when asked for a rect', () => {
    expect(assRect(0, 5, 100, 20, '#1F3553')).toBe('{\\an7\\pos(0,5)\\bord0\\shad0\\1c&H53351F&\\1a&H00&\\p1}m 0 0 l 100 0 100 20 0 20{\\p0}');
  });
});

describe('buildAssDocument', () => {
  const style = { name: 'R', fontName: 'Noto Sans S Chinese Regular', fontSize: 40, colour: '#FFFFFF' };

  it('should set the play resolution to the video size and list styles and events when building a document', () => {
    const doc = buildAssDocument({
      width: 1920,
      height: 1080,
      styles: [style, { ...style, name: 'B', bold: true, alignment: 5 }],
      events: [
        { startMs: 0, endMs: 1500, style: 'R', text: 'a', layer: 2 },
        { startMs: 500, endMs: 500, style: 'R', text: 'empty' },
      ],
    });
    expect(doc).toContain('PlayResX: 1920\nPlayResY: 1080\nWrapStyle: 2\n');
    expect(doc).toContain('Style: R,Noto Sans S Chinese Regular,40,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1');
    expect(doc).toContain('Style: B,Noto Sans S Chinese Regular,40,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,-1,0,0,0,100,100,0,0,1,0,0,5,0,0,0,1');
    expect(doc).toContain('Dialogue: 2,0:00:00.00,0:00:01.50,R,,0,0,0,,a\n');
    expect(doc).not.toContain('empty'); // zero-length events are dropped
  });

  it('should refuse event text that spans lines or names an unknown style', () => {
    const base = { width: 10, height: 10, styles: [style] };
    expect(() => buildAssDocument({ ...base, events: [{ startMs: 0, endMs: 1, style: 'R', text: 'a\nDialogue: x' }] })).toThrow(RangeError);
    expect(() => buildAssDocument({ ...base, events: [{ startMs: 0, endMs: 1, style: 'X', text: 'a' }] })).toThrow(RangeError);
  });

  it('should refuse a style or font name that could break the comma-separated line', () => {
    expect(() => buildAssDocument({ width: 10, height: 10, styles: [{ ...style, fontName: 'Evil,Font' }], events: [] })).toThrow(RangeError);
  });
});
