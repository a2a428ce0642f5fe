import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { createFfmpegRunner } from '../ffmpeg/ffmpeg-runner';
import { locateCjkFont } from '../render/video/cjk-font';
import { assOverride, buildAssDocument, escapeAssText } from './ass';

/** Real libass: escaped hostile text must come out as small black literal text, not as the tags it spells. */
describe('escapeAssText through libass', () => {
  const runner = createFfmpegRunner();
  const width = 640;
  const height = 160;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ass-int-'));
    const font = locateCjkFont();
    await mkdir(join(dir, 'fonts'));
    await symlink(font.regular.path, join(dir, 'fonts', 'regular.otf'));
    await writeFile(join(dir, 'fonts.conf'), '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function renderRgb(markup: string): Promise<Buffer> {
    const doc = buildAssDocument({
      width,
      height,
      styles: [{ name: 'R', fontName: locateCjkFont().regular.name, fontSize: 20, colour: '#000000' }],
      events: [{ startMs: 0, endMs: 1000, style: 'R', text: markup }],
    });
    await writeFile(join(dir, 't.ass'), doc);
    const graph = `color=c=0xFFFFFF:s=${width}x${height}:r=1:d=1,ass=filename=t.ass:fontsdir=fonts`;
    const args = ['-hide_banner', '-nostdin', '-y', '-filter_complex', graph, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'file:out.rgb'];
    await runner.run(args, { cwd: dir, env: { FONTCONFIG_FILE: join(dir, 'fonts.conf') } });
    return readFile(join(dir, 'out.rgb'));
  }

  function inkStats(rgb: Buffer): { red: number; ink: number; lowestInkRow: number } {
    let red = 0;
    let ink = 0;
    let lowestInkRow = -1;
    for (let i = 0; i < rgb.length; i += 3) {
      const [r, g, b] = [rgb[i], rgb[i + 1], rgb[i + 2]];
      if (r > 150 && g < 100 && b < 100) red++;
      if (r < 128 && g < 128 && b < 128) {
        ink++;
        lowestInkRow = Math.max(lowestInkRow, Math.floor(i / 3 / width));
      }
    }
    return { red, ink, lowestInkRow };
  }

  it('should draw tags, escapes and line breaks literally on one small line when the text is hostile', async () => {
    const hostile = '{\\fs120\\c&H0000FF&}X\\N{\\an5}Y\nZ\\h%{localtime}';
    const stats = inkStats(await renderRgb(assOverride({ align: 7, pos: [4, 4] }) + escapeAssText(hostile)));
    expect(stats.ink).toBeGreaterThan(200); // the literal characters are there
    expect(stats.red).toBe(0); // \c was not applied
    expect(stats.lowestInkRow).toBeLessThan(40); // neither \N nor the newline broke the line, \fs120 not applied
  });

  it('should apply the same tags when they are not escaped (the check above can fail)', async () => {
    const stats = inkStats(await renderRgb(assOverride({ align: 7, pos: [4, 4] }) + '{\\fs120\\c&H0000FF&}X'));
    expect(stats.red).toBeGreaterThan(200);
  });
});
