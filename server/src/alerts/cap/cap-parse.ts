import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_NAMESPACE,
  CAP_SCOPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  type CapAlert,
  type CapArea,
  type CapGeocode,
  type CapInfo,
  type CapParseErrorCode,
  type CapParseResult,
  type CapReference,
} from './cap-types';

/** Real CAP alerts are a few KB; anything near this is a mistake or an attack. */
export const CAP_MAX_BYTES = 256 * 1024;

const DEFAULT_LANGUAGE = 'en-US';
const CAP_NAMESPACE_PREFIX = 'urn:oasis:names:tc:emergency:cap:';
/** A DTD is the only way to declare entities, so refusing it up front rules out expansion and external entities. */
const DTD_MARKUP = /<!(?:DOCTYPE|ENTITY)/i;
/** CAP 1.2 §3.3.2: "YYYY-MM-DDThh:mm:ss" with an explicit offset; "Z" is tolerated because it is unambiguous. */
const CAP_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;
/** CAP 1.2: identifier and sender must not contain spaces, commas or the restricted characters < and &. */
const RESTRICTED_ID_CHARS = /[\s,<&]/;

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY_REFERENCE = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|quot|apos));/g;

/**
 * Decodes only the five predefined entities and character references, in one non-recursive pass; entities a
 * document declares are dropped, so even a DTD that slipped past the up-front check could not expand anything.
 */
const safeEntityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: (text) =>
    text.replace(ENTITY_REFERENCE, (ref: string, dec?: string, hex?: string, name?: string) => {
      if (name) return PREDEFINED_ENTITIES[name];
      const codePoint = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
      const valid = codePoint > 0 && codePoint <= 0x10ffff && (codePoint < 0xd800 || codePoint > 0xdfff);
      return valid ? String.fromCodePoint(codePoint) : ref;
    }),
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Keep every value a string: geocodes such as "510811000000" must keep their leading digits as written.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
  entityDecoder: safeEntityDecoder,
  // Every element becomes an array, so a repeated single-valued element is detected instead of silently merged.
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

type XmlElement = string | XmlObject;
interface XmlObject {
  [key: string]: unknown;
}

class CapInvalid extends Error {
  constructor(
    readonly code: CapParseErrorCode,
    message: string,
    readonly element?: string,
  ) {
    super(message);
  }
}

/** Parses and validates a CAP 1.2 document. Never throws. */
export function parseCap(xml: string): CapParseResult {
  try {
    return { ok: true, alert: readAlert(rootOf(xml)) };
  } catch (e) {
    if (e instanceof CapInvalid) {
      return { ok: false, code: e.code, message: e.message, ...(e.element ? { element: e.element } : {}) };
    }
    // The parser's own limits (e.g. nesting depth) surface as plain errors.
    return { ok: false, code: 'CAP_MALFORMED', message: `XML 解析失败：${e instanceof Error ? e.message : String(e)}` };
  }
}

function rootOf(xml: string): { root: XmlObject; reader: Reader } {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > CAP_MAX_BYTES) {
    throw new CapInvalid('CAP_TOO_LARGE', `CAP 文档过大（${bytes} 字节），上限为 ${CAP_MAX_BYTES} 字节`);
  }
  if (DTD_MARKUP.test(xml)) {
    throw new CapInvalid('CAP_FORBIDDEN_DTD', 'CAP 文档不得包含 DOCTYPE 或 ENTITY 声明（为防范实体扩展与外部实体攻击）');
  }
  const text = xml.replace(/^\uFEFF/, '');
  const validity = XMLValidator.validate(text);
  if (validity !== true) {
    const { msg, line } = validity.err;
    throw new CapInvalid('CAP_MALFORMED', `不是格式正确的 XML（第 ${line} 行）：${msg}`);
  }
  const doc = parser.parse(text) as XmlObject;
  const roots = Object.keys(doc)
    .filter((key) => key !== '#text')
    .flatMap((key) => elementsOf(doc, key).map((element) => ({ key, element })));
  if (roots.length !== 1) throw new CapInvalid('CAP_MALFORMED', 'XML 文档必须有且只有一个根元素 <alert>');
  const [{ key, element }] = roots;
  const colon = key.indexOf(':');
  const prefix = colon === -1 ? '' : key.slice(0, colon);
  const localName = key.slice(colon + 1);
  if (localName !== 'alert') {
    throw new CapInvalid('CAP_MISSING_ELEMENT', `根元素必须是 <alert>，实际为 <${key}>`, 'alert');
  }
  const root = typeof element === 'string' ? {} : element;
  checkNamespace(root[prefix ? `@_xmlns:${prefix}` : '@_xmlns']);
  return { root, reader: new Reader(prefix ? `${prefix}:` : '') };
}

function checkNamespace(ns: unknown): void {
  if (ns === CAP_NAMESPACE) return;
  if (typeof ns !== 'string') {
    throw new CapInvalid('CAP_INVALID_VALUE', `<alert> 未声明 CAP 1.2 命名空间 ${CAP_NAMESPACE}`, 'alert');
  }
  const message = ns.startsWith(CAP_NAMESPACE_PREFIX)
    ? `不支持的 CAP 版本 ${ns.slice(CAP_NAMESPACE_PREFIX.length)}：仅支持 CAP 1.2（${CAP_NAMESPACE}）`
    : `命名空间 ${ns} 不是 CAP 1.2（应为 ${CAP_NAMESPACE}）`;
  throw new CapInvalid('CAP_INVALID_VALUE', message, 'alert');
}

function readAlert({ root, reader: r }: { root: XmlObject; reader: Reader }): CapAlert {
  const identifier = r.required(root, 'identifier');
  checkIdentifierChars('identifier', identifier);
  const sender = r.required(root, 'sender');
  checkIdentifierChars('sender', sender);
  const sent = checkDateTime('sent', r.required(root, 'sent'));
  const status = r.requiredEnum(root, 'status', CAP_STATUSES);
  const msgType = r.requiredEnum(root, 'msgType', CAP_MSG_TYPES);
  const scope = r.requiredEnum(root, 'scope', CAP_SCOPES);
  const referencesText = r.optional(root, 'references');
  if (referencesText === null && (msgType === 'Cancel' || msgType === 'Update')) {
    throw new CapInvalid('CAP_MISSING_ELEMENT', `<msgType> 为 ${msgType} 时缺少必需元素 <references>`, 'references');
  }
  const references = referencesText === null ? [] : parseReferences(referencesText);
  const infos = r.children(root, 'info').map((info, i) => readInfo(r, info, i + 1));
  return { identifier, sender, sent, status, msgType, scope, references, infos };
}

function readInfo(r: Reader, info: XmlObject, ordinal: number): CapInfo {
  const where = `（第 ${ordinal} 个 <info>）`;
  const categoryTexts = r.texts(info, 'category');
  if (categoryTexts.length === 0) throw missing('category', where);
  const categories = categoryTexts.map((value) => checkEnum('category', value, CAP_CATEGORIES, where));
  const event = r.required(info, 'event', where);
  const urgency = r.requiredEnum(info, 'urgency', CAP_URGENCIES, where);
  const severity = r.requiredEnum(info, 'severity', CAP_SEVERITIES, where);
  const certainty = r.requiredEnum(info, 'certainty', CAP_CERTAINTIES, where);
  const optionalDate = (name: string): string | null => {
    const value = r.optional(info, name, where);
    return value === null ? null : checkDateTime(name, value, where);
  };
  return {
    language: r.optional(info, 'language', where) ?? DEFAULT_LANGUAGE,
    categories, event, urgency, severity, certainty,
    effective: optionalDate('effective'),
    expires: optionalDate('expires'),
    senderName: r.optional(info, 'senderName', where),
    headline: r.optional(info, 'headline', where),
    description: r.optional(info, 'description', where),
    instruction: r.optional(info, 'instruction', where),
    areas: r.children(info, 'area').map((area, j) => readArea(r, area, `（第 ${ordinal} 个 <info> 的第 ${j + 1} 个 <area>）`)),
  };
}

function readArea(r: Reader, area: XmlObject, where: string): CapArea {
  return {
    areaDesc: r.required(area, 'areaDesc', where),
    polygons: r.texts(area, 'polygon'),
    circles: r.texts(area, 'circle'),
    geocodes: r.children(area, 'geocode').map(
      (geocode): CapGeocode => ({ valueName: r.required(geocode, 'valueName', where), value: r.required(geocode, 'value', where) }),
    ),
  };
}

/** Reads CAP elements by local name under the root's namespace prefix ("cap:" or none). */
class Reader {
  constructor(private readonly prefix: string) {}

  texts(node: XmlObject, name: string): string[] {
    return elementsOf(node, this.prefix + name).map(textOf).filter((text) => text !== '');
  }

  children(node: XmlObject, name: string): XmlObject[] {
    // An empty <info/> still counts, so that its missing required elements are reported.
    return elementsOf(node, this.prefix + name).map((el) => (typeof el === 'string' ? {} : el));
  }

  optional(node: XmlObject, name: string, where = ''): string | null {
    const found = elementsOf(node, this.prefix + name);
    if (found.length > 1) throw new CapInvalid('CAP_INVALID_VALUE', `元素 <${name}> 只能出现一次${where}`, name);
    const text = found.length === 1 ? textOf(found[0]) : '';
    return text === '' ? null : text;
  }

  required(node: XmlObject, name: string, where = ''): string {
    const text = this.optional(node, name, where);
    if (text === null) throw missing(name, where);
    return text;
  }

  requiredEnum<T extends string>(node: XmlObject, name: string, allowed: readonly T[], where = ''): T {
    return checkEnum(name, this.required(node, name, where), allowed, where);
  }
}

function elementsOf(node: XmlObject, key: string): XmlElement[] {
  const value = node[key];
  return Array.isArray(value) ? (value as XmlElement[]) : [];
}

function textOf(element: XmlElement): string {
  const text = typeof element === 'string' ? element : element['#text'];
  return typeof text === 'string' ? text.trim() : '';
}

function missing(name: string, where = ''): CapInvalid {
  return new CapInvalid('CAP_MISSING_ELEMENT', `缺少必需元素 <${name}>${where}`, name);
}

function checkEnum<T extends string>(name: string, value: string, allowed: readonly T[], where = ''): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CapInvalid('CAP_INVALID_VALUE', `元素 <${name}> 的值“${value}”无效${where}，应为 ${allowed.join('、')} 之一`, name);
}

function checkIdentifierChars(name: string, value: string): void {
  if (RESTRICTED_ID_CHARS.test(value)) {
    throw new CapInvalid('CAP_INVALID_VALUE', `元素 <${name}> 的值“${value}”不得包含空格、逗号、< 或 &`, name);
  }
}

function checkDateTime(name: string, value: string, where = ''): string {
  if (!isCapDateTime(value)) {
    throw new CapInvalid(
      'CAP_INVALID_VALUE',
      `元素 <${name}> 的时间“${value}”无效${where}，应为带时区的 ISO 8601 时间，如 2024-07-15T16:00:00+08:00`,
      name,
    );
  }
  return value;
}

function isCapDateTime(value: string): boolean {
  const m = CAP_DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = m.slice(1).map((part) => Number(part ?? 0));
  // Date.UTC rolls 30 February over into March; a round trip catches that.
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day &&
    hour < 24 && minute < 60 && second < 60 && offsetHour <= 14 && offsetMinute < 60
  );
}

function parseReferences(text: string): CapReference[] {
  return text.split(/\s+/).map((triple) => {
    const parts = triple.split(',');
    if (parts.length !== 3 || parts.some((part) => part === '')) {
      throw new CapInvalid(
        'CAP_INVALID_VALUE',
        `<references> 中的“${triple}”格式无效，应为以空格分隔的“sender,identifier,sent”`,
        'references',
      );
    }
    const [sender, identifier, sent] = parts;
    return { sender, identifier, sent };
  });
}
