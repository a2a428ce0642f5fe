/**
 * `npm run fuzz -- --count 10000 --seed 1` — seeded hostile notice texts (SSML/ASS/ffmpeg-filter metacharacters,
 * emoji, RTL, 10,000 characters, control characters, mixed scripts) through the real API of a built server it
 * starts itself, each to a speaker rendition or a clean refusal with a stable code. Progress on stderr, one JSON
 * object on stdout: rendered, refused by code, crashes, hangs. Exit code 1 when there was a crash or a hang.
 * `--server URL --password P` runs against a server already running instead (as its `editor`).
 */
import { parseArgs } from 'node:util';
import { runFuzz } from './support/fuzz-notices';
import { SEED_PASSWORD, startServer } from './support/server-process';

const progress = (msg: string): void => void process.stderr.write(`[fuzz] ${msg}\n`);

async function login(url: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'editor', password }) });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || !body.token) throw new Error(`login editor failed: ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '2' },
      server: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const count = Number(values.count);
  const seed = Number(values.seed);
  const concurrency = Number(values.concurrency);
  for (const [name, v] of [['count', count], ['seed', seed], ['concurrency', concurrency]] as const) {
    if (!Number.isSafeInteger(v) || v < (name === 'seed' ? 0 : 1)) throw new Error(`--${name} must be a ${name === 'seed' ? 'non-negative' : 'positive'} integer`);
  }
  const server = values.server ? null : (progress('starting the server…'), await startServer({ EDGE_TTS: 'off' }));
  const url = values.server ?? server!.url;
  try {
    const token = await login(url, values.password ?? SEED_PASSWORD);
    let last = Date.now();
    const report = await runFuzz(
      { url, token, alive: () => !server || server.proc.exitCode === null },
      {
        seed, count, concurrency,
        onProgress: (done) => {
          if (Date.now() - last < 10_000 && done !== count) return;
          last = Date.now();
          progress(`${done}/${count}`);
        },
      },
    );
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.crashes.length > 0 || report.hangs.length > 0) process.exitCode = 1;
  } finally {
    await server?.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`[fuzz] ${err.stack ?? err.message}\n`);
  process.exit(2);
});
