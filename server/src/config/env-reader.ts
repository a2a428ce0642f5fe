/**
 * Reads and checks environment settings, collecting one Chinese line per bad value instead of stopping at the
 * first: an operator fixing a deployment sees everything wrong at once. Pure apart from the injected file check.
 */
export interface EnvReaderDeps {
  fileExists(p: string): boolean;
}

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

export class EnvReader {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];

  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly argv: readonly string[] = [],
    private readonly deps: EnvReaderDeps = { fileExists: () => true },
  ) {}

  /** The raw value: a command-line flag wins over the variable; empty counts as unset. */
  raw(name: string, flagName?: string): string | undefined {
    const fromFlag = flagName ? flag(this.argv, flagName) : undefined;
    const v = fromFlag ?? this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  /**
   * One name per setting: `name` is the one to use; an old alias still works with a deprecation warning, and
   * both set to different values is an error.
   */
  aliased(name: string, aliases: readonly string[]): string | undefined {
    const value = this.raw(name);
    for (const alias of aliases) {
      const old = this.raw(alias);
      if (old === undefined) continue;
      if (value !== undefined && value !== old) this.problem(name, `与已弃用的 ${alias} 同时设置且取值不同，请只保留 ${name}`);
      else if (value === undefined) this.warnings.push(`配置提示：${alias} 已弃用，请改用 ${name}（本次按 ${name} 处理）`);
      else this.warnings.push(`配置提示：${alias} 已弃用且与 ${name} 重复，请删除 ${alias}`);
      if (value === undefined) return old;
    }
    return value;
  }

  string(name: string, dflt: string, flagName?: string): string {
    return this.raw(name, flagName) ?? dflt;
  }

  /** A secret or password the operator chose, within length bounds (bcrypt reads at most 72 bytes). */
  boundedString(name: string, min: number, max: number): string | null {
    const v = this.raw(name);
    if (v === undefined) return null;
    const bytes = Buffer.byteLength(v, 'utf8');
    if (v.length < min || bytes > max) {
      // The value is a secret: its length is named, never the value itself.
      this.problems.push(`配置错误：${name} 长度必须在 ${min}–${max} 个字符之间（当前 ${v.length} 个字符）`);
      return null;
    }
    return v;
  }

  optional(name: string): string | null {
    return this.raw(name) ?? null;
  }

  bool(name: string, dflt: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    if (TRUE_WORDS.includes(v.toLowerCase())) return true;
    if (FALSE_WORDS.includes(v.toLowerCase())) return false;
    this.problem(name, `必须是开关值（on/off、true/false、1/0、yes/no）`, v);
    return dflt;
  }

  int(name: string, dflt: number, range: { min: number; max: number; unit?: string }, flagName?: string): number {
    return this.number(name, dflt, { ...range, integer: true }, flagName);
  }

  number(name: string, dflt: number, range: { min: number; max: number; unit?: string; integer?: boolean }, flagName?: string): number {
    const v = this.raw(name, flagName);
    if (v === undefined) return dflt;
    const n = Number(v);
    const kind = range.integer ? '整数' : '数值';
    if (!Number.isFinite(n) || (range.integer && !Number.isInteger(n)) || n < range.min || n > range.max) {
      this.problem(name, `必须是 ${range.min}–${range.max} 之间的${kind}${range.unit ? `（${range.unit}）` : ''}`, v);
      return dflt;
    }
    return n;
  }

  port(name: string, dflt: number, flagName?: string): number {
    const v = this.raw(name, flagName);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n > 65535) {
      this.problem(name, '必须是 0–65535 之间的端口号', v);
      return dflt;
    }
    return n;
  }

  /** A URL with one of the schemes, e.g. ['http', 'https']; trailing slashes dropped. */
  url(name: string, schemes: readonly string[], flagName?: string): string | null {
    const v = this.raw(name, flagName);
    if (v === undefined) return null;
    let ok = false;
    try {
      const u = new URL(v);
      ok = schemes.includes(u.protocol.replace(/:$/, '')) && u.host !== '';
    } catch {
      ok = false;
    }
    if (!ok) {
      this.problem(name, `必须是 ${schemes.map((s) => `${s}://`).join(' 或 ')} 开头的完整地址`, v);
      return null;
    }
    return v.replace(/\/+$/, '');
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], dflt: T): T {
    const v = this.raw(name);
    if (v === undefined) return dflt;
    if (!(allowed as readonly string[]).includes(v)) {
      this.problem(name, `只能是 ${allowed.join('、')} 之一`, v);
      return dflt;
    }
    return v as T;
  }

  timeZone(name: string, dflt: string, aliases: readonly string[] = []): string {
    const v = this.aliased(name, aliases);
    if (v === undefined) return dflt;
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: v });
      return v;
    } catch {
      this.problem(name, '必须是 IANA 时区名（如 Asia/Shanghai、Asia/Urumqi）', v);
      return dflt;
    }
  }

  /** A file or folder the operator points at must exist: a typo should not fall back silently. */
  existingPath(name: string): string | null {
    const v = this.raw(name);
    if (v === undefined) return null;
    if (!this.deps.fileExists(v)) {
      this.problem(name, '指向的文件或目录不存在', v);
      return null;
    }
    return v;
  }

  /** Runs a check that throws its own "配置错误：…" message (e.g. an older parser) and collects it. */
  collect<T>(dflt: T, check: () => T): T {
    try {
      return check();
    } catch (err) {
      this.problems.push((err as Error).message);
      return dflt;
    }
  }

  problem(name: string, what: string, value?: string): void {
    this.problems.push(`配置错误：${name} ${what}${value === undefined ? '' : `，当前为 "${value}"`}`);
  }
}

export function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}
