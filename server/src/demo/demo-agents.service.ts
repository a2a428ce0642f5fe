import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SigningKeyService } from '../signing/signing-key.service';

/**
 * The demo agents' heap: they mostly wait (a handful of devices playing a notice now and then), so a small young
 * generation and a capped old one are plenty.
 */
const DEMO_AGENTS_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 96 };
/** How long the agents get to disconnect cleanly when the server stops. */
const STOP_GRACE_MS = 3_000;

/**
 * Runs the demo devices as simulated agents (the agent's own simulation mode) in one worker thread: a thread, not a
 * child process, because a second Node process costs ~40 MB of runtime before its first agent, a third of a county
 * server's idle budget. The agents still talk to the server over real MQTT and HTTP.
 */
@Injectable()
export class DemoAgentsService implements OnModuleDestroy {
  private readonly logger = new Logger('DemoAgents');
  private child: Worker | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeyService,
  ) {}

  start(agentsFile: string, count: number): void {
    const simScript = path.resolve(__dirname, '../../../player-agent/src/sim.js');
    if (!fs.existsSync(simScript)) {
      this.logger.warn(`找不到模拟终端程序 ${simScript}，请先执行 npm run build`);
      return;
    }
    const keyFile = path.join(this.config.dataDir, 'keys', 'playlist-public.pem');
    fs.writeFileSync(keyFile, this.keys.publicKey.publicKeyPem);
    const args = [
      '--devices', agentsFile,
      '--server', this.config.publicUrl,
      '--mqtt', this.config.publicMqttUrl,
      '--public-key-file', keyFile,
      '--data-dir', path.join(this.config.dataDir, 'demo', 'agents'),
    ];
    this.child = new Worker(simScript, { argv: args, stdout: true, stderr: true, resourceLimits: DEMO_AGENTS_LIMITS });
    // Agents log JSON lines; only their warnings and errors matter to the operator here.
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream }).on('line', (line) => this.relay(line));
    }
    this.child.on('error', (err) => this.logger.warn(`模拟终端出错：${err.message}`));
    this.child.on('exit', (code) => {
      if (this.child && code !== 0) this.logger.warn(`模拟终端已退出（code ${code}）`);
      this.child = null;
    });
    this.logger.log(`已启动 ${count} 台模拟终端（null 播放后端，真实 MQTT 与 HTTP）`);
  }

  async onModuleDestroy(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.postMessage('stop');
    const timer = new Promise<void>((resolve) => setTimeout(resolve, STOP_GRACE_MS).unref());
    await Promise.race([exited, timer]);
    await child.terminate();
  }

  private relay(line: string): void {
    try {
      const rec = JSON.parse(line) as { level?: string; msg?: string; deviceId?: string };
      if (rec.level === 'warn' || rec.level === 'error') this.logger.warn(`${rec.deviceId ?? ''} ${rec.msg ?? line}`);
    } catch {
      if (line.trim()) this.logger.warn(line);
    }
  }
}
