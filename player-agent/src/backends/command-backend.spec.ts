import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemClock } from '../clock';
import { loopItem, media } from '../testing/fixtures';
import { CommandPlayer, warm } from './command-backend';

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

  it('should pass the volume in the {volume} placeholder and report it applied when the template has one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmd-'));
    const out = path.join(dir, 'args.json');
    const script = `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(1)))`;
    const player = new CommandPlayer([node, '-e', script, '--', '--volume={volume}', '{file}'], systemClock);

    expect(player.setVolume(35)).toBe(true);
    await player.play('/a.mp3', item).done;
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(['--volume=35', '/a.mp3']);
    expect(new CommandPlayer([node, '-e', script, '{file}'], systemClock).setVolume(35)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should play the prepared file with the arguments worked out ahead and the current volume when prepared', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmd-'));
    const out = path.join(dir, 'args.json');
    const file = path.join(dir, 'next.mp3');
    fs.writeFileSync(file, 'x'.repeat(2048));
    const script = `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(1)))`;
    const player = new CommandPlayer([node, '-e', script, '--', '--volume={volume}', '{file}'], systemClock);

    player.prepare(file, item);
    player.setVolume(20);
    await player.play(file, item).done;
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(['--volume=20', file]);
    await expect(warm(file)).resolves.toBe(true);
    await expect(warm(path.join(dir, 'missing.mp3'))).resolves.toBe(false);
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
