#!/usr/bin/env node
// Writes the server's OpenAPI document to console/src/api/openapi.json by starting the built server on free
// ports with an empty temp data dir (no demo), fetching /api/docs-json and stopping it. The console's API types
// are generated from that file (openapi-typescript), so they can never be copied by hand.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? path.join(root, 'console/src/api/openapi.json');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const [httpPort, mqttPort] = [await freePort(), await freePort()];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sunshine-openapi-'));
const proc = spawn(process.execPath, [path.join(root, 'dist/server/src/main.js')], {
  cwd: root,
  env: { ...process.env, PORT: String(httpPort), MQTT_PORT: String(mqttPort), HOST: '127.0.0.1', MQTT_HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '0', EDGE_TTS: 'off' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
proc.stdout.on('data', (d) => (log += d));
proc.stderr.on('data', (d) => (log += d));
try {
  const deadline = Date.now() + 60_000;
  let doc = null;
  while (!doc) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}):\n${log}`);
    if (Date.now() > deadline) throw new Error(`server did not answer /api/docs-json:\n${log}`);
    const r = await fetch(`http://127.0.0.1:${httpPort}/api/docs-json`).catch(() => null);
    if (r?.ok) doc = await r.json();
    else await new Promise((res) => setTimeout(res, 200));
  }
  fs.writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
  process.stderr.write(`OpenAPI document written to ${path.relative(root, out)} (${Object.keys(doc.paths).length} paths)\n`);
} finally {
  // Wait for the exit: the server still writes to its data dir while shutting down (e.g. handing over its lease).
  const exited = proc.exitCode !== null ? Promise.resolve() : new Promise((res) => proc.once('exit', res));
  proc.kill('SIGTERM');
  await exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
}
