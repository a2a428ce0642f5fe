/** Spoken Chinese for Arabic numerals: value reading (numberToChinese) and code reading (digitsToChinese). */

const DIGIT_CHARS = '零一二三四五六七八九';
const WAN = 10_000n;
const YI = 100_000_000n;
/** Largest integer part read as a value; beyond this a number is an identifier in practice, so it is read digit by digit. */
const MAX_VALUE = 10n ** 16n;
const DECIMAL_PATTERN = /^([-−－]?)(\d+)(?:\.(\d+))?$/;

/** Reads every ASCII digit as its Chinese numeral and a decimal point as 点; other characters are kept. */
export function digitsToChinese(s: string): string {
  return s.replace(/[\d.]/g, (c) => (c === '.' ? '点' : DIGIT_CHARS[Number(c)]));
}

/**
 * Value reading of a decimal number string: "1010" → 一千零一十, "-7.30" → 负七点三零.
 * Integer part up to 10^16; the fractional part is read digit by digit exactly as written.
 */
export function numberToChinese(n: string): string {
  const match = DECIMAL_PATTERN.exec(n);
  if (!match) throw new RangeError(`numberToChinese: not a decimal number: "${n}"`);
  const [, sign, integerDigits, fraction] = match;
  const value = BigInt(integerDigits);
  const integer = value > MAX_VALUE ? digitsToChinese(integerDigits) : integerToChinese(value);
  return (sign ? '负' : '') + integer + (fraction === undefined ? '' : `点${digitsToChinese(fraction)}`);
}

function integerToChinese(n: bigint): string {
  if (n === 0n) return '零';
  // 一十 is only shortened at the very start (十五, 十万) — inside a number it stays (一百一十).
  return sectionToChinese(n).replace(/^一十/, '十');
}

function sectionToChinese(n: bigint): string {
  if (n >= YI) return sectionToChinese(n / YI) + '亿' + lowerPart(n % YI, YI / 10n);
  if (n >= WAN) return below10k(Number(n / WAN)) + '万' + lowerPart(n % WAN, WAN / 10n);
  return below10k(Number(n));
}

/** The part below a 万/亿 boundary; a gap before its leading digit is spoken as one 零 (一万零五十). */
function lowerPart(low: bigint, fullWidthFrom: bigint): string {
  if (low === 0n) return '';
  return (low < fullWidthFrom ? '零' : '') + sectionToChinese(low);
}

const PLACES: ReadonlyArray<readonly [string, number]> = [['千', 1000], ['百', 100], ['十', 10], ['', 1]];

function below10k(n: number): string {
  let out = '';
  let pendingZero = false;
  for (const [unit, place] of PLACES) {
    const digit = Math.floor(n / place) % 10;
    if (digit === 0) {
      pendingZero = out !== '';
      continue;
    }
    out += (pendingZero ? '零' : '') + DIGIT_CHARS[digit] + unit;
    pendingZero = false;
  }
  return out;
}
