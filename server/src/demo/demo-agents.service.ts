import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SigningKeyService } from '../signing/signing-key.service';

/** Runs the demo devices as simulated agents (the agent's own simulation mode) in one child process. */
@Injectable()
export class DemoAgentsService implements OnModuleDestroy {
  private readonly logger = new Logger('DemoAgents');
  private child: ChildProcess | null = null;

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
    this.child = fork(simScript, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    // Agents log JSON lines; only their warnings and errors matter to the operator here.
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream }).on('line', (line) => this.relay(line));
    }
    this.child.on('exit', (code, signal) => {
      if (this.child && code !== 0) this.logger.warn(`模拟终端进程已退出（code ${code ?? signal}）`);
      this.child = null;
    });
    this.logger.log(`已启动 ${count} 台模拟终端（null 播放后端，真实 MQTT 与 HTTP）`);
  }

  onModuleDestroy(): void {
    const child = this.child;
    this.child = null;
    child?.kill('SIGTERM');
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
