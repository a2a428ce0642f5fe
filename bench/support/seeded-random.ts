/**
 * The one seeded generator and the hostile-text tables the fuzzers, benches and property specs share. Lives under
 * bench/ because that is the one place every importer may reach: bench/ is built (bench scripts import it at run
 * time) and type-checked with the specs, while `**\/testing/**` is left out of the build.
 *
 * Changing a table or a threshold changes every generated case for a given seed: replayed fuzz failures
 * (`npm run fuzz -- --seed N`) and benchmark baselines would no longer match. seeded-random.spec.ts pins known outputs.
 */

/** mulberry32: small, fast, and the same sequence on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

export const CJK = '关于做好城乡居民医保集中缴费工作的通知各村社区请按时办理低保对象特困人员财政资助咨询电话县乡镇卫生院住院报销年度最高支付限额万元停水停电防火检查';
const CJK_CHARS = Array.from(CJK);
export const PUNCT = ['。', '，', '、', '；', '：', '！', '？', '…', '——', '（', '）', '《', '》', '“', '”', '.', ',', '!', '?'];
/** Digits, dates, money and phone numbers: what the speech normaliser rewrites. */
export const NUMBERS = ['2027年', '10月15日', '9点30分', '500万元', '7.3万元', '95%', '0878-6123456', '2020—2023年', '１２３', '第3', '-5度', '3.14', '1,200', '410103199001011234'];
/** ZWJ sequences, flags, skin tones. */
export const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧', '🇨🇳', '❤️', '🔥', '1️⃣', '🏳️‍🌈'];
/** Control and invisible characters, lone surrogates, newlines. */
export const CONTROLS = ['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u200b', '\u200d', '\u202e', '\u2028', '\ufeff', '\ud800', '\udfff', '\t', '\r\n', '\n'];
/** SSML, ASS subtitle overrides, ffmpeg filter-graph and shell metacharacters, SQL: the API fuzzer's set. */
export const META = [
  "'", '"', '\\', ':', ';', ',', '[', ']', '{', '}', '%', '$', '`', '|', '&', '<', '>', '{\\an8}', '{\\fs200\\c&H0000FF&}', '%{localtime}', '%{pts\\:hms}', '\\N',
  '$(rm -rf /)', '[0:a]', '[in]anullsrc[out];', 'drawtext=text=x', "';drop table contents;--", '-y', '-i', 'concat:', 'file:/etc/passwd', '<speak><break time="100s"/></speak>',
  '<prosody rate="x-slow">', '<!ENTITY x SYSTEM "file:///etc/passwd">', '&amp;&lt;', '\u0000\u0000',
];
/** The speaker path's smaller set (the media fuzz spec's cases were generated from it). */
export const RENDER_META = ["'", '"', '\\', ':', ';', ',', '[', ']', '{', '}', '%', '$', '`', '|', '&', '<', '>', '{\\an8}', '%{localtime}', '\\N', '$(rm -rf /)', '[0:a]', "';drop table", '-y', '-i', 'concat:'];
export const RTL = ['مرحبا بالعالم', 'שלום', '\u200f', '\u202b', 'سلام ١٢٣', 'ئۇيغۇرچە'];
export const SCRIPTS = ['GDP', 'WiFi', 'hello world', 'COVID-19', 'Ελληνικά', 'русский', 'ꆈꌠꁱꂷ', 'བོད་ཡིག', 'ᠮᠣᠩᠭᠣᠯ', '한국어', 'カタカナ', 'https://www.example.gov.cn/a?b=1&c=2', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐'];
export const LATIN = ['GDP', 'APP', 'WiFi', 'hello world', 'COVID-19', 'https://www.example.gov.cn/a?b=1&c=2'];
export const WHITESPACE = ['', ' ', '   ', '\n\n', '\t \u3000', '\u200b\u200b'];

/**
 * How often each kind of token comes: a run of 1–12 CJK characters below `cjk`, else the first class whose
 * `upTo` the draw is below, else `rest`. CJK comes most often so that many strings have something to say.
 */
export interface TokenMix {
  cjk: number;
  classes: ReadonlyArray<{ upTo: number; list: readonly string[] }>;
  rest: readonly string[];
}

/** The API fuzzer's mix (bench/fuzz.ts, test/fuzz-api.e2e-spec.ts): right-to-left text and other scripts too. */
export const NOTICE_MIX: TokenMix = {
  cjk: 0.38,
  classes: [
    { upTo: 0.46, list: PUNCT },
    { upTo: 0.55, list: NUMBERS },
    { upTo: 0.62, list: EMOJI },
    { upTo: 0.7, list: CONTROLS },
    { upTo: 0.82, list: META },
    { upTo: 0.88, list: RTL },
  ],
  rest: SCRIPTS,
};

/** The speaker path's mix (media/src/render/fuzz.int.spec.ts). */
export const RENDER_MIX: TokenMix = {
  cjk: 0.4,
  classes: [
    { upTo: 0.5, list: PUNCT },
    { upTo: 0.6, list: NUMBERS },
    { upTo: 0.68, list: EMOJI },
    { upTo: 0.78, list: CONTROLS },
    { upTo: 0.9, list: RENDER_META },
  ],
  rest: LATIN,
};

export function hostileToken(rand: () => number, mix: TokenMix): string {
  const r = rand();
  if (r < mix.cjk) return Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pick(rand, CJK_CHARS)).join('');
  for (const c of mix.classes) if (r < c.upTo) return pick(rand, c.list);
  return pick(rand, mix.rest);
}

/** 1 to `maxTokens` tokens, continued until (and cut at) `minLength` UTF-16 units when that is above 0. */
export function hostileText(rand: () => number, mix: TokenMix, minLength: number, maxTokens: number): string {
  let out = '';
  const tokens = 1 + Math.floor(rand() * maxTokens);
  for (let i = 0; i < tokens || out.length < minLength; i++) out += hostileToken(rand, mix);
  return minLength > 0 ? out.slice(0, minLength) : out;
}
