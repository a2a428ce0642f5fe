/**
 * Re-renders a content from the command line and shows each profile's progress:
 *   npm run render -- --content <id> [--profile speaker --profile hall-tv-1080p] [--force]
 *                     [--server http://127.0.0.1:3000] [--username editor] [--password …]
 * It talks to the running server over HTTP (POST …/render, then server-sent events per job).
 */
import { parseArgs } from 'node:util';
import { progressLine, SseParser } from './progress-bar';

interface Job {
  id: string;
  profile: string;
  status: string;
  progress: number;
  error?: string | null;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      content: { type: 'string' },
      profile: { type: 'string', multiple: true },
      force: { type: 'boolean', default: false },
      server: { type: 'string', default: process.env.SUNSHINE_SERVER ?? 'http://127.0.0.1:3000' },
      username: { type: 'string', default: process.env.SUNSHINE_USERNAME ?? 'editor' },
      password: { type: 'string', default: process.env.SUNSHINE_PASSWORD },
    },
  });
  if (!values.content || !values.password) {
    process.stderr.write('用法：npm run render -- --content <内容ID> [--profile speaker] [--force] [--server URL] [--username 用户名] --password 密码\n');
    return 2;
  }
  const base = values.server!.replace(/\/+$/, '');
  const login = await post(`${base}/api/auth/login`, { username: values.username, password: values.password });
  const token = (login as { token: string }).token;
  const jobs = (await post(`${base}/api/contents/${values.content}/render`, { profiles: values.profile, force: values.force }, token)) as Job[];
  const state = new Map(jobs.map((j) => [j.id, j]));
  const draw = (): void => {
    process.stdout.write(`\x1b[${state.size}A`);
    for (const j of state.values()) process.stdout.write(`\x1b[2K${progressLine(j.profile, j.progress, j.status)}\n`);
  };
  process.stdout.write('\n'.repeat(state.size));
  draw();
  await Promise.all(
    jobs.map(async (job) => {
      const res = await fetch(`${base}/api/renders/${job.id}/events`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok || !res.body) throw new Error(`进度流打开失败：HTTP ${res.status}`);
      const parser = new SseParser();
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        for (const e of parser.push(decoder.decode(chunk, { stream: true })) as Job[]) {
          Object.assign(state.get(job.id)!, { status: e.status, progress: e.progress, error: e.error });
          draw();
        }
      }
    }),
  );
  const failed = [...state.values()].filter((j) => j.status === 'failed');
  for (const j of failed) process.stderr.write(`${j.profile} 渲染失败：${j.error ?? '未知原因'}\n`);
  return failed.length === 0 ? 0 : 1;
}

async function post(url: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
  if (!res.ok) throw new Error(`${json.message ?? `HTTP ${res.status}`}${json.code ? `（${json.code}）` : ''}`);
  return json;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`渲染命令失败：${err.message}\n`);
    process.exit(1);
  },
);
