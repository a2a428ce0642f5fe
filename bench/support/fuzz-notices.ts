/**
 * Seeded hostile notice texts through the real HTTP API to a speaker rendition (issue #12): every case must end
 * rendered or cleanly refused with a stable code — never a 5xx, a dead server, a render failing as a bug
 * (RENDER_FAILED) or a job that never finishes. Shared by `npm run fuzz` (bench/fuzz.ts) and the small seeded
 * variant in the normal suite (test/fuzz-api.e2e-spec.ts).
 */

import { hostileText, mulberry32, NOTICE_MIX, pick, WHITESPACE } from './seeded-random';

const text = (rand: () => number, minLength: number, maxTokens: number): string => hostileText(rand, NOTICE_MIX, minLength, maxTokens);

export interface FuzzCase {
  index: number;
  title: string;
  body: string;
}

/** The case at `index` for `seed`: each case has its own stream, so any one can be replayed alone. */
export function fuzzCase(seed: number, index: number): FuzzCase {
  const rand = mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
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
