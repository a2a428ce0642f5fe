/**
 * Seeded hostile notice texts through the real HTTP API to a speaker rendition (issue #12): every case must end
 * rendered or cleanly refused with a stable code — never a 5xx, a dead server, a render failing as a bug
 * (RENDER_FAILED) or a job that never finishes. Shared by `npm run fuzz` (bench/fuzz.ts) and the small seeded
 * variant in the normal suite (test/fuzz-api.e2e-spec.ts).
 */

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CJK = '关于做好城乡居民医保集中缴费工作的通知各村社区请按时办理低保对象特困人员财政资助咨询电话县乡镇卫生院住院报销年度最高支付限额万元停水停电防火检查';
const PUNCT = ['。', '，', '、', '；', '：', '！', '？', '…', '——', '（', '）', '《', '》', '“', '”', '.', ',', '!', '?'];
const NUMBERS = ['2027年', '10月15日', '9点30分', '500万元', '7.3万元', '95%', '0878-6123456', '2020—2023年', '１２３', '第3', '-5度', '3.14', '1,200', '410103199001011234'];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧', '🇨🇳', '❤️', '🔥', '1️⃣', '🏳️‍🌈'];
const CONTROLS = ['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u200b', '\u200d', '\u202e', '\u2028', '\ufeff', '\ud800', '\udfff', '\t', '\r\n', '\n'];
/** SSML, ASS subtitle overrides, ffmpeg filter-graph and shell metacharacters, SQL. */
const META = [
  "'", '"', '\\', ':', ';', ',', '[', ']', '{', '}', '%', '$', '`', '|', '&', '<', '>', '{\\an8}', '{\\fs200\\c&H0000FF&}', '%{localtime}', '%{pts\\:hms}', '\\N',
  '$(rm -rf /)', '[0:a]', '[in]anullsrc[out];', 'drawtext=text=x', "';drop table contents;--", '-y', '-i', 'concat:', 'file:/etc/passwd', '<speak><break time="100s"/></speak>',
  '<prosody rate="x-slow">', '<!ENTITY x SYSTEM "file:///etc/passwd">', '&amp;&lt;', '\u0000\u0000',
];
const RTL = ['مرحبا بالعالم', 'שלום', '\u200f', '\u202b', 'سلام ١٢٣', 'ئۇيغۇرچە'];
const SCRIPTS = ['GDP', 'WiFi', 'hello world', 'COVID-19', 'Ελληνικά', 'русский', 'ꆈꌠꁱꂷ', 'བོད་ཡིག', 'ᠮᠣᠩᠭᠣᠯ', '한국어', 'カタカナ', 'https://www.example.gov.cn/a?b=1&c=2', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐'];
const WHITESPACE = ['', ' ', '   ', '\n\n', '\t \u3000', '\u200b\u200b'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function token(rand: () => number): string {
  const r = rand();
  if (r < 0.38) return Array.from({ length: 1 + Math.floor(rand() * 12) }, () => pick(rand, Array.from(CJK))).join('');
  if (r < 0.46) return pick(rand, PUNCT);
  if (r < 0.55) return pick(rand, NUMBERS);
  if (r < 0.62) return pick(rand, EMOJI);
  if (r < 0.7) return pick(rand, CONTROLS);
  if (r < 0.82) return pick(rand, META);
  if (r < 0.88) return pick(rand, RTL);
  return pick(rand, SCRIPTS);
}

function text(rand: () => number, minLength: number, maxTokens: number): string {
  let out = '';
  const tokens = 1 + Math.floor(rand() * maxTokens);
  for (let i = 0; i < tokens || out.length < minLength; i++) out += token(rand);
  return minLength > 0 ? out.slice(0, minLength) : out;
}

export interface FuzzCase {
  index: number;
  title: string;
  body: string;
}

/** The case at `index` for `seed`: each case has its own stream, so any one can be replayed alone. */
export function fuzzCase(seed: number, index: number): FuzzCase {
  const rand = prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  // Every 100th a 10,000-character body (beyond the limit: a clean refusal), every 100th from 50 one at the limit.
  if (index % 100 === 7) return { index, title: text(rand, 0, 3), body: text(rand, 10_000, 1) };
  if (index % 100 === 57) return { index, title: text(rand, 0, 3), body: text(rand, 4_990, 1) };
  if (index % 25 === 3) return { index, title: pick(rand, WHITESPACE), body: pick(rand, WHITESPACE) };
  return { index, title: rand() < 0.2 ? '' : text(rand, 0, 4), body: text(rand, 0, 20) };
}

export interface FuzzReport {
  seed: number;
  count: number;
  rendered: number;
  /** Refusals by stable code: at creation (HTTP 4xx) or by the render (a media error's code). */
  refusedByCode: Record<string, number>;
  crashes: Array<{ index: number; stage: string; detail: string }>;
  hangs: Array<{ index: number; stage: string }>;
  durationMs: number;
}

interface Answer {
  status: number;
  body: any;
}

export interface FuzzTarget {
  url: string;
  /** A token of a user who may write contents and render them (editor). */
  token: string;
  /** Whether the server process is still alive (a crash ends the run). */
  alive: () => boolean;
}

const CODE = /^[A-Z][A-Z0-9_]+$/;
const CJK_CHAR = /[\u4e00-\u9fff]/;

async function call(target: FuzzTarget, method: string, route: string, body?: unknown, timeoutMs = 60_000): Promise<Answer> {
  const res = await fetch(`${target.url}${route}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), authorization: `Bearer ${target.token}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* left as text */
  }
  return { status: res.status, body: parsed };
}

type Outcome = { kind: 'rendered' } | { kind: 'refused'; code: string } | { kind: 'crash'; stage: string; detail: string } | { kind: 'hang'; stage: string };

/** A refusal is clean when it is a 4xx with a stable code and a Chinese message. */
function refusal(a: Answer, stage: string): Outcome {
  if (a.status >= 400 && a.status < 500 && typeof a.body?.code === 'string' && CODE.test(a.body.code) && CJK_CHAR.test(String(a.body?.message ?? ''))) return { kind: 'refused', code: a.body.code };
  return { kind: 'crash', stage, detail: `${a.status} ${JSON.stringify(a.body).slice(0, 300)}` };
}

async function runCase(target: FuzzTarget, c: FuzzCase, renderTimeoutMs: number): Promise<Outcome> {
  let stage = 'create';
  try {
    const created = await call(target, 'POST', '/api/contents', { title: c.title, body: c.body, department: '栖凤区融媒体中心' });
    if (created.status !== 201) return refusal(created, stage);
    stage = 'render';
    const jobs = await call(target, 'POST', `/api/contents/${created.body.id}/render`, { profiles: ['speaker'] });
    if (jobs.status !== 201) return refusal(jobs, stage);
    const jobId: string = jobs.body[0].id;
    stage = 'wait';
    const deadline = Date.now() + renderTimeoutMs;
    for (;;) {
      const job = await call(target, 'GET', `/api/renders/${jobId}`);
      if (job.status !== 200) return refusal(job, stage);
      if (job.body.status === 'done') return { kind: 'rendered' };
      if (job.body.status === 'failed') {
        // A media error's own code is a clean refusal (no speech in the text, …); RENDER_FAILED is a bug.
        const code = String(job.body.errorCode ?? '');
        if (CODE.test(code) && code !== 'RENDER_FAILED' && CJK_CHAR.test(String(job.body.error ?? ''))) return { kind: 'refused', code };
        return { kind: 'crash', stage: 'render-job', detail: `${code}: ${String(job.body.error).slice(0, 300)}` };
      }
      if (Date.now() > deadline) return { kind: 'hang', stage: `render-job ${jobId} (${job.body.status})` };
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') return { kind: 'hang', stage };
    return { kind: 'crash', stage, detail: (err as Error).message };
  }
}

/** Runs cases [0, count) of `seed` against the target, `concurrency` at a time. */
export async function runFuzz(target: FuzzTarget, opts: { seed: number; count: number; concurrency?: number; renderTimeoutMs?: number; onProgress?: (done: number) => void }): Promise<FuzzReport> {
  const started = Date.now();
  const report: FuzzReport = { seed: opts.seed, count: opts.count, rendered: 0, refusedByCode: {}, crashes: [], hangs: [], durationMs: 0 };
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < opts.count) {
      if (!target.alive()) {
        report.crashes.push({ index: next, stage: 'server', detail: 'the server process exited' });
        next = opts.count;
        return;
      }
      const c = fuzzCase(opts.seed, next++);
      const o = await runCase(target, c, opts.renderTimeoutMs ?? 120_000);
      if (o.kind === 'rendered') report.rendered++;
      else if (o.kind === 'refused') report.refusedByCode[o.code] = (report.refusedByCode[o.code] ?? 0) + 1;
      else if (o.kind === 'crash') report.crashes.push({ index: c.index, stage: o.stage, detail: o.detail });
      else report.hangs.push({ index: c.index, stage: o.stage });
      opts.onProgress?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  report.durationMs = Date.now() - started;
  return report;
}
