/**
 * `npm run bench:login` — prints one JSON object: the median response time of a failed login for an unknown user
 * and for a known user with a wrong password (target: differ by < 20 %, so timing does not reveal which names
 * exist), with a successful login's median measured in the same run as the baseline.
 *
 * The throttle locks an account or an address after 5 failures, so the run interleaves: unknown, known-wrong,
 * unknown, known-wrong, known-wrong, unknown, then one successful login, which resets both counters. Alternating the two kinds also
 * spreads any drift of the machine's speed evenly over both.
 */
import { parseArgs } from 'node:util';
import { startServer, SEED_PASSWORD } from './support/server-process';
import { round, spread } from './support/stats';

const TARGET_DIFFERENCE_PCT = 20;
const progress = (msg: string): void => void process.stderr.write(`[bench:login] ${msg}\n`);

async function timedLogin(url: string, username: string, password: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

function expectStatus(r: { status: number }, expected: number, what: string): void {
  if (r.status !== expected) throw new Error(`${what}: HTTP ${r.status}, expected ${expected}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { samples: { type: 'string', default: '100' } } });
  const samples = Math.max(10, Number(values.samples) || 100);
  progress('starting the server…');
  const server = await startServer();
  try {
    const unknown: number[] = [];
    const wrong: number[] = [];
    const success: number[] = [];
    // Warm-up: JIT, the database's first queries, the bcrypt code paths.
    for (let i = 0; i < 2; i++) {
      await timedLogin(server.url, `nobody-warm-${i}`, 'wrong-password-x');
      await timedLogin(server.url, 'editor', 'wrong-password-x');
    }
    expectStatus(await timedLogin(server.url, 'editor', SEED_PASSWORD), 200, 'warm-up login');
    progress(`measuring ${samples} failures of each kind…`);
    for (let i = 0; unknown.length < samples; i++) {
      const measureUnknown = async (): Promise<void> => {
        const a = await timedLogin(server.url, `nobody-${i}-${Math.random().toString(36).slice(2, 8)}`, 'wrong-password-x');
        expectStatus(a, 401, 'unknown user');
        unknown.push(a.ms);
      };
      const measureWrong = async (): Promise<void> => {
        const b = await timedLogin(server.url, 'editor', `wrong-password-${i}`);
        expectStatus(b, 401, 'known user, wrong password');
        wrong.push(b.ms);
      };
      // Alternate which kind goes first, so neither always follows the other (or the successful login).
      if (i % 2 === 0) await measureUnknown().then(measureWrong);
      else await measureWrong().then(measureUnknown);
      if (i % 2 === 1) {
        const ok = await timedLogin(server.url, 'editor', SEED_PASSWORD);
        expectStatus(ok, 200, 'successful login');
        success.push(ok.ms);
      }
    }
    const u = spread(unknown);
    const w = spread(wrong);
    const s = spread(success);
    const differencePct = (Math.abs(u.p50 - w.p50) / Math.min(u.p50, w.p50)) * 100;
    const result = {
      benchmark: 'login timing: unknown user vs known user with a wrong password',
      samples,
      unknownUserMs: { p50: round(u.p50), p95: round(u.p95), max: round(u.max) },
      knownUserWrongPasswordMs: { p50: round(w.p50), p95: round(w.p95), max: round(w.max) },
      baselineSuccessfulLoginMs: { p50: round(s.p50), p95: round(s.p95), samples: success.length },
      medianDifferencePct: round(differencePct),
      targetPct: TARGET_DIFFERENCE_PCT,
      pass: differencePct < TARGET_DIFFERENCE_PCT,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!result.pass) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench:login failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
