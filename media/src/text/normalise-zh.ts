/**
 * Rewrites Arabic numerals in Chinese text as spoken Chinese, because espeak-ng's Mandarin voice reads them
 * badly. A pipeline of pure rules, applied in order: the specific readings (phone numbers, codes, dates, times,
 * percentages…) first, then whatever digits remain are read as values. The output contains no digits, so
 * normalising twice equals normalising once.
 */
import { digitsToChinese, numberToChinese } from './number-to-chinese';

type Rule = (text: string) => string;

/** Words after which a number counts as a quantity (read as a value, never as a code). */
const QUANTITY_UNITS =
  '元|美元|欧元|万|亿|人|户|个|名|位|次|件|项|台|辆|套|张|份|吨|斤|千克|公斤|克|亩|平方|立方|米|公里|千米|千瓦|度|册|本|字|头|只|株|棵|kg|km';
const FOLLOWED_BY_QUANTITY = new RegExp(`^\\s*(?:${QUANTITY_UNITS})`);
/** After these, a lone 2 is spoken 两 (两个人, 两万元, 两年); not before 月/日/号/年级, which are ordinal. */
const LIANG_BEFORE = /^(?:个|位|名|人|次|件|项|台|辆|套|张|种|天|周|小时|年(?!级)|家|户|条|所|座|批|点|倍|份|本|间|只|头|亩|公里|千米|米|吨|万|千|亿)/;
/** National service hotlines, read digit by digit wherever they stand alone (12345 is never 一万二千…). */
const HOTLINES = '12345|12315|12348|12333|12369|12320|12365|12366|12306|12319|12328|12350|12388|12338|12355|12356|95598';
const PHONE_KEYWORDS = '服务热线|热线|电话|拨打|致电|手机|传真|邮政编码|邮编|号码|呼叫|短信';
/** Pause between digit groups of a phone number: a comma makes espeak-ng pause, a space does not. */
const GROUP_PAUSE = '，';

const NUMBER = String.raw`\d+(?:\.\d+)?`;
/** A minus sign only counts as one when it does not follow a letter or digit (COVID-19, 3-5 are not negative). */
const SIGNED_NUMBER = String.raw`((?<![A-Za-z\d.])[-−－])?(?<![\d.])(${NUMBER})`;

const groupDigits = (...groups: string[]): string => groups.map(digitsToChinese).join(GROUP_PAUSE);
const textAfter = (whole: string, offset: number, match: string): string => whole.slice(offset + match.length);

const normaliseWidth: Rule = (text) =>
  text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/％/g, '%')
    .replace(/(?<=\d)[：∶](?=\d)/g, ':')
    .replace(/(?<=\d)．(?=\d)/g, '.');

const stripThousandsSeparators: Rule = (text) =>
  text.replace(/(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])/g, (m) => m.replace(/,/g, ''));

const landlines: Rule = (text) =>
  text.replace(
    /(?<!\d)(?:[（(](0\d{2,3})[）)]\s?|(0\d{2,3})[-—–－\s]?)(\d{7,8})(?!\d)/g,
    (_m, bracketedArea: string | undefined, area: string | undefined, local: string) =>
      groupDigits(bracketedArea ?? area ?? '', local),
  );

const serviceNumbers: Rule = (text) =>
  text.replace(/(?<!\d)([48]00)[-—–－\s]?(\d{3})[-—–－\s]?(\d{4})(?!\d)/g, (_m, a: string, b: string, c: string) =>
    groupDigits(a, b, c),
  );

const mobiles: Rule = (text) =>
  text.replace(/(?<!\d)(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?!\d)/g, (_m, a: string, b: string, c: string) =>
    groupDigits(a, b, c),
  );

const phoneKeywordNumbers: Rule = (text) =>
  text.replace(
    new RegExp(`(${PHONE_KEYWORDS})((?:[：:\\s]|是|为){0,2})(\\d{3,}(?:[、或/]\\d{3,})*)(?!\\.?\\d)`, 'g'),
    (m, keyword: string, gap: string, numbers: string, offset: number, whole: string) =>
      FOLLOWED_BY_QUANTITY.test(textAfter(whole, offset, m)) ? m : keyword + gap + digitsToChinese(numbers),
  );

const hotlines: Rule = (text) =>
  text.replace(new RegExp(`(?<![\\d.])(?:${HOTLINES})(?!\\.?\\d)`, 'g'), (m, offset: number, whole: string) =>
    FOLLOWED_BY_QUANTITY.test(textAfter(whole, offset, m)) ? m : digitsToChinese(m),
  );

/** Round magnitudes such as 1000000 or 25000000 are amounts even without a unit; other long runs are codes. */
const ROUND_MAGNITUDE = /^[1-9]\d?0{5,}$/;

/** Division codes, ID and account numbers, local phone numbers: runs of 7+ digits that are not quantities. */
const longDigitRuns: Rule = (text) =>
  text.replace(/(?<!\d)(?<!\d\.)\d{7,}(?!\.?\d)/g, (m, offset: number, whole: string) =>
    ROUND_MAGNITUDE.test(m) || FOLLOWED_BY_QUANTITY.test(textAfter(whole, offset, m)) ? m : digitsToChinese(m),
  );

/** 国办发〔2019〕54号 → 国办发二零一九五十四号: the year is a code, the serial number a value. */
const documentNumbers: Rule = (text) =>
  text.replace(
    /[〔\[【（(](\d{4})[〕\]】）)](\s*第?)(\d+)(?=\s*号)/g,
    (_m, year: string, gap: string, serial: string) => digitsToChinese(year) + gap.trim() + numberToChinese(serial),
  );

const isoDates: Rule = (text) =>
  text.replace(
    /(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\.?\d)/g,
    (m, year: string, _sep: string, month: string, day: string) => {
      const [mo, d] = [Number(month), Number(day)];
      if (mo < 1 || mo > 12 || d < 1 || d > 31) return m;
      return `${digitsToChinese(year)}年${numberToChinese(month)}月${numberToChinese(day)}日`;
    },
  );

/** GB 50016-2014: the standard's number and year are codes, and the hyphen is read 杠 as people say it. */
const standardCodes: Rule = (text) =>
  text.replace(
    /\b([A-Z]{1,4}(?:\/[A-Z]{1,2})?)(\s?)(\d+(?:\.\d+)?)[-—–](\d{4})(?!\d)/g,
    (_m, code: string, gap: string, serial: string, year: string) =>
      `${code}${gap}${digitsToChinese(serial)}杠${digitsToChinese(year)}`,
  );

/** 3-2-101室 is an address, not a range: every hyphen in a chain of three or more numbers is read 杠. */
const hyphenChains: Rule = (text) =>
  text.replace(/(?<![\d.])\d+(?:-\d+){2,}(?![\d-])/g, (m) => m.replace(/-/g, '杠'));

/** A range end is a number or a clock time (8:30-12:00 rises: compare 8.5 with 12, not 30 with 12). */
const RANGE_END = String.raw`\d+(?:(?::\d{2}){1,2}|\.\d+)?`;

function rangeEndValue(end: string): number {
  const [whole, minutes = '0', seconds = '0'] = end.replace(/^[−－]/, '-').split(':');
  return Number(whole) + Number(minutes) / 60 + Number(seconds) / 3600;
}

/**
 * 3—5天, 8～10, 10%-20%, 3天—5天 → 至. A dash or tilde is always a range mark; a plain hyphen only when the
 * numbers rise (12-3号 is an address and reads 十二杠三号).
 */
const ranges: Rule = (text) =>
  text.replace(
    new RegExp(`(?<![\\d.:])(${RANGE_END})([%‰℃\\u4e00-\\u9fa5]?)\\s*(?:([—–~～〜]{1,2})|(-{1,2}|－))\\s*(?=([-−－]?${RANGE_END}))`, 'g'),
    (_m, left: string, unit: string, rangeMark: string | undefined, _hyphen: string, right: string) => {
      const rising = rangeEndValue(left) < rangeEndValue(right);
      return `${left}${unit}${rangeMark !== undefined || rising ? '至' : '杠'}`;
    },
  );

/** A 4-digit year is read digit by digit: 2021年, 2020至2023年, 2021学年. */
const years: Rule = (text) =>
  text.replace(/(?<!\d)(?<!\d\.)\d{4}(?=\s*(?:(?:至|到)\s*\d{4}\s*)?[学财]?年)/g, digitsToChinese);

const hourToChinese = (hour: string): string => (Number(hour) === 2 ? '两' : numberToChinese(hour));
const minuteToChinese = (value: string): string => (Number(value) < 10 ? `零${digitsToChinese(value.slice(-1))}` : numberToChinese(value));

/** 15:30 → 十五点三十分, 7:05 → 七点零五分, 18:00 → 十八点. */
const times: Rule = (text) =>
  text.replace(
    /(?<![\d.:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])/g,
    (m, hour: string, minute: string, second: string | undefined) => {
      const [h, min, s] = [Number(hour), Number(minute), Number(second ?? 0)];
      if (h > 24 || min > 59 || s > 59) return m;
      const minutePart = min === 0 && s === 0 ? '' : `${minuteToChinese(minute)}分`;
      const secondPart = s === 0 ? '' : `${minuteToChinese(second ?? '')}秒`;
      return `${hourToChinese(hour)}点${minutePart}${secondPart}`;
    },
  );

const percentages: Rule = (text) =>
  text.replace(
    new RegExp(`${SIGNED_NUMBER}\\s*([%‰])`, 'g'),
    (_m, sign: string | undefined, n: string, mark: string) =>
      `${sign ? '负' : ''}${mark === '%' ? '百分之' : '千分之'}${numberToChinese(n)}`,
  );

/** −5℃ → 零下五摄氏度; the minus of a temperature range's lower end is 零下 too (−5～3℃). */
const temperatures: Rule = (text) =>
  text
    .replace(
      new RegExp(`${SIGNED_NUMBER}(?=\\s*(?:℃|°C|(?:至|到)\\s*[-−－]?${NUMBER}\\s*(?:℃|°C)))`, 'g'),
      (_m, sign: string | undefined, n: string) => (sign ? '零下' : '') + numberToChinese(n),
    )
    .replace(/\s*(?:℃|°C)/g, '摄氏度');

const currency: Rule = (text) =>
  text.replace(new RegExp(`[¥￥]\\s*(${NUMBER})(\\s*[万亿])?`, 'g'), (_m, n: string, scale: string | undefined) =>
    `${numberToChinese(n)}${scale?.trim() ?? ''}元`,
  );

const UNIT_NAMES: Readonly<Record<string, string>> = {
  km: '公里', '㎞': '公里', kg: '千克', '㎏': '千克', '㎡': '平方米', 'm²': '平方米', '㎥': '立方米', 'm³': '立方米',
};

const latinUnits: Rule = (text) =>
  text.replace(/(?<=\d)\s*(km|kg|㎞|㎏|㎡|m²|㎥|m³)(?![A-Za-z])/g, (_m, unit: string) => UNIT_NAMES[unit]);

/** Codes glued to Latin letters (G318国道, ISO9001) are read digit by digit; short ones (G20, 5G) as values. */
const alphanumericCodes: Rule = (text) => text.replace(/(?<=[A-Za-z])\d{3,}(?![\d.])/g, digitsToChinese);

/** Everything still in digits is a value; a leading zero marks a code (007号 → 零零七号). */
const remainingNumbers: Rule = (text) =>
  text.replace(
    new RegExp(`((?<![A-Za-z\\d.])[-−－])?(${NUMBER})`, 'g'),
    (m, sign: string | undefined, n: string, offset: number, whole: string) => {
      const reading = /^0\d/.test(n) ? digitsToChinese(n) : numberToChinese(n);
      return (sign ? '负' : '') + spokenTwo(reading, whole.charAt(offset - 1), textAfter(whole, offset, m));
    },
  );

/** Spoken Mandarin says 两 for a counted 2 and for a leading 2 before 千/万/亿 (两千, 两万); 第二 stays 二. */
function spokenTwo(reading: string, before: string, after: string): string {
  if (before === '第') return reading;
  if (reading === '二' && LIANG_BEFORE.test(after)) return '两';
  return reading.replace(/^二(?=[千万亿])/, '两');
}

const PIPELINE: readonly Rule[] = [
  normaliseWidth,
  stripThousandsSeparators,
  landlines,
  serviceNumbers,
  mobiles,
  phoneKeywordNumbers,
  hotlines,
  longDigitRuns,
  documentNumbers,
  isoDates,
  standardCodes,
  hyphenChains,
  ranges,
  years,
  times,
  percentages,
  temperatures,
  currency,
  latinUnits,
  alphanumericCodes,
  remainingNumbers,
];

/** Spells out every number in `text` the way a Mandarin reader would say it; text without digits is returned as is. */
export function normaliseForSpeech(text: string): string {
  if (!/[0-9０-９]/.test(text)) return text;
  return PIPELINE.reduce((acc, rule) => rule(acc), text);
}
