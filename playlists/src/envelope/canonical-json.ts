/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Signatures are computed over this form so that any outside
 * tool with a JCS implementation can reproduce the signed bytes (DESIGN.md §6).
 *
 * Input must be I-JSON: plain objects, arrays, strings, finite numbers, booleans and null. Anything else
 * throws, because silently dropping or coercing a value would sign something other than what was sent.
 * Object properties whose value is `undefined` are omitted, as JSON.stringify (and so the wire form) does.
 */
export function canonicalize(value: unknown): string {
  return serialize(value, new Set<object>());
}

function serialize(value: unknown, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return serializeNumber(value);
    case 'string':
      return serializeString(value);
    case 'object':
      return serializeContainer(value, ancestors);
    default:
      throw new Error(`canonicalize: unsupported value of type ${typeof value}`);
  }
}

function serializeNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`canonicalize: non-finite number ${n}`);
  // ECMAScript Number-to-String is exactly the JCS number form; -0 serialises as "0".
  return Object.is(n, -0) ? '0' : String(n);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Anything JSON escapes, plus surrogates (which need the pairing check): absent in nearly every string signed. */
const NEEDS_CARE = /["\\\u0000-\u001F\uD800-\uDFFF]/;

function serializeString(s: string): string {
  // Fast path: nothing to escape and no surrogates, so the JCS form is the string in quotes.
  if (!NEEDS_CARE.test(s)) return `"${s}"`;
  // I-JSON forbids unpaired surrogates: their UTF-8 encoding is undefined, so no signature over them is portable.
  if (LONE_SURROGATE.test(s)) throw new Error('canonicalize: string contains an unpaired surrogate');
  // JSON.stringify on a well-formed string escapes exactly as JCS requires (\b \t \n \f \r \" \\, other
  // controls as lowercase \u00xx, everything else literal).
  return JSON.stringify(s);
}

function serializeContainer(value: object, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new Error('canonicalize: circular structure');
  ancestors.add(value);
  try {
    // Plain loops and string concatenation: this runs once per signed or verified message, on every device.
    if (Array.isArray(value)) {
      let out = '[';
      for (let i = 0; i < value.length; i++) {
        const el: unknown = value[i];
        if (el === undefined) throw new Error(`canonicalize: undefined at array index ${i}`);
        out += (i === 0 ? '' : ',') + serialize(el, ancestors);
      }
      return out + ']';
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new Error(`canonicalize: not a plain object (${value.constructor?.name ?? 'unknown'})`);
    }
    if (Object.getOwnPropertySymbols(value).length > 0) throw new Error('canonicalize: symbol keys are not JSON');
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 prescribes.
    const keys = Object.keys(record).sort();
    let out = '{';
    let first = true;
    for (const k of keys) {
      const v = record[k];
      if (v === undefined) continue;
      out += (first ? '' : ',') + serializeString(k) + ':' + serialize(v, ancestors);
      first = false;
    }
    return out + '}';
  } finally {
    ancestors.delete(value);
  }
}
