import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemClock } from '../clock';
import { loopItem, media } from '../testing/fixtures';
import { CommandPlayer } from './command-backend';

const item = loopItem(media('x').ref);
const node = process.execPath;

describe('CommandPlayer', () => {
  it('should pass the file as one argument and resolve ok when the command exits 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmd-'));
    const out = path.join(dir, 'args.json');
    const script = `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(1)))`;
    const player = new CommandPlayer([node, '-e', script, '--', '--input={file}', '{file}'], systemClock);

    const result = await player.play('/data/media/a b;$(rm).mp3', item).done;

    expect(result).toEqual({ ok: true });
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(['--input=/data/media/a b;$(rm).mp3', '/data/media/a b;$(rm).mp3']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should report the exit code and stderr when the command fails', async () => {
    const player = new CommandPlayer([node, '-e', "process.stderr.write('no audio device'); process.exit(3)", '{file}'], systemClock);
    const result = await player.play('/x.mp3', item).done;
    expect(result.ok).toBe(false);
    expect(result.reason).toContain('退出码 3');
    expect(result.reason).toContain('no audio device');
  });

  it('should report a clear reason when the program does not exist', async () => {
    const result = await new CommandPlayer(['/nonexistent/player-binary', '{file}'], systemClock).play('/x.mp3', item).done;
    expect(result.ok).toBe(false);
    expect(result.reason).toContain('无法启动播放命令');
  });

  it('should kill the process and resolve stopped when stopped', async () => {
    const player = new CommandPlayer([node, '-e', 'setTimeout(() => {}, 60000)', '{file}'], systemClock);
    const handle = player.play('/x.mp3', item);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    handle.stop();
    await expect(handle.done).resolves.toEqual({ ok: false, reason: 'stopped' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
