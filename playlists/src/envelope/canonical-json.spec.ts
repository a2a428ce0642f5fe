import { canonicalize } from './canonical-json';

/** Builds a double from its IEEE-754 bit pattern, as RFC 8785 Appendix B lists its number samples. */
function fromBits(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonicalize', () => {
  it('should reproduce the RFC 8785 §3.2.2 sample when given its mixed input', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals":[null,true,false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('should order keys by UTF-16 code units when keys include non-ASCII and astral characters', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // The emoji (U+1F600, surrogates D83D DE00) sorts before U+FB33 although its code point is larger.
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('should serialise the double with bits %s as %s when it is an RFC 8785 Appendix B sample', (bits, expected) => {
    expect(canonicalize(fromBits(bits))).toBe(expected);
  });

  it.each([
    [1e21, '1e+21'],
    [1e20, '100000000000000000000'],
    [0.000001, '0.000001'],
    [1e-7, '1e-7'],
    [-0, '0'],
    [4.5, '4.5'],
    [-12, '-12'],
  ])('should serialise %p as %s when given a literal number', (n, expected) => {
    expect(canonicalize(n)).toBe(expected);
  });

  it('should escape control characters, quotes and backslashes and keep other characters literal when serialising strings', () => {
    expect(canonicalize('a\b\t\n\f\r"\\\u0001\u001f\u007f/€阳光')).toBe(
      '"a\\b\\t\\n\\f\\r\\"\\\\\\u0001\\u001f\u007f/€阳光"',
    );
  });

  it.each<[string, string, string]>([
    ['plain ASCII', 'abc /:.-_', '"abc /:.-_"'],
    ['CJK text', '阳光播控', '"阳光播控"'],
    ['a surrogate pair', 'x\ud83d\ude00y', '"x\ud83d\ude00y"'],
    ['a pair at the very end', 'a\ud83d\ude00', '"a\ud83d\ude00"'],
    ['DEL and line/paragraph separators', '\u007f\u2028\u2029', '"\u007f\u2028\u2029"'],
    ['a quote only', 'say "hi"', '"say \\"hi\\""'],
    ['a backslash only', 'C:\\dir', '"C:\\\\dir"'],
    ['NUL and US', '\u0000\u001f', '"\\u0000\\u001f"'],
    ['a space just above the controls', '\u0020', '" "'],
  ])('should serialise a string with %s exactly as JSON does when it is well-formed', (_label, input, expected) => {
    expect(canonicalize(input)).toBe(expected);
    expect(canonicalize(input)).toBe(JSON.stringify(input));
  });

  it('should escape keys like values when a key holds a quote, backslash or control character', () => {
    expect(canonicalize({ 'a"b': 1, 'c\\d': 2, 'e\nf': 3 })).toBe('{"a\\"b":1,"c\\\\d":2,"e\\nf":3}');
  });

  it('should keep empty containers and single elements without separators when serialising', () => {
    expect(canonicalize({ a: [], b: {}, c: [{}], d: [[1]] })).toBe('{"a":[],"b":{},"c":[{}],"d":[[1]]}');
  });

  it('should omit undefined properties without a stray comma when they come first or last', () => {
    expect(canonicalize({ a: undefined, b: 1, z: undefined })).toBe('{"b":1}');
    expect(canonicalize({ a: undefined })).toBe('{}');
  });

  it('should serialise nested objects and arrays without whitespace when keys are unordered at every level', () => {
    const input = { b: [3, { z: 1, a: [true, null] }], a: { d: 'x', c: { f: 0, e: -1 } }, '': 'empty' };
    expect(canonicalize(input)).toBe('{"":"empty","a":{"c":{"e":-1,"f":0},"d":"x"},"b":[3,{"a":[true,null],"z":1}]}');
  });

  it('should omit object properties when their value is undefined', () => {
    expect(canonicalize({ a: 1, b: undefined, c: { d: undefined } })).toBe('{"a":1,"c":{}}');
  });

  it('should accept a shared non-circular reference when it appears twice', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: [shared] })).toBe('{"a":{"x":1},"b":[{"x":1}]}');
  });

  it('should accept objects when their prototype is null', () => {
    const o = Object.create(null) as Record<string, unknown>;
    o.k = 'v';
    expect(canonicalize(o)).toBe('{"k":"v"}');
  });

  it.each<[string, unknown, RegExp]>([
    ['NaN', NaN, /non-finite/],
    ['Infinity', { n: Infinity }, /non-finite/],
    ['-Infinity', [-Infinity], /non-finite/],
    ['undefined in an array', [1, undefined], /undefined at array index 1/],
    ['undefined at top level', undefined, /unsupported value of type undefined/],
    ['a Date', { d: new Date(0) }, /not a plain object \(Date\)/],
    ['a Map', new Map(), /not a plain object \(Map\)/],
    ['a Buffer', Buffer.from('x'), /not a plain object/],
    ['a class instance', new (class Thing {})(), /not a plain object \(Thing\)/],
    ['a bigint', 1n, /bigint/],
    ['a function', () => 1, /function/],
    ['a symbol value', Symbol('s'), /symbol/],
    ['a symbol key', { [Symbol('s')]: 1 }, /symbol keys/],
    ['a lone high surrogate', '\ud800x', /unpaired surrogate/],
    ['a lone low surrogate key', { '\udc00': 1 }, /unpaired surrogate/],
    ['a lone high surrogate at the end', 'ok\ud83d', /unpaired surrogate/],
    ['reversed surrogates', '\ude00\ud83d', /unpaired surrogate/],
  ])('should throw when given %s', (_label, value, message) => {
    expect(() => canonicalize(value)).toThrow(message);
  });

  it('should throw when the structure is circular', () => {
    const a: Record<string, unknown> = {};
    a.self = { a };
    expect(() => canonicalize(a)).toThrow(/circular/);
  });
});
