import { getProfile, VideoSpec } from '@sunshine/devices';
import { TimedText } from './paginate';
import { buildSegmentScene, buildSlidesAss, buildTickerAss, QR_CAPTION, SEGMENT_COLOURS, SegmentContent, SegmentFonts } from './segment-ass';
import { textWidth } from './text-layout';
import { planVideoLayout } from './video-layout';

const FONTS: SegmentFonts = { regular: { name: 'Noto Sans S Chinese Regular', sizePerEm: 1.386 }, bold: { name: 'Noto Sans S Chinese Bold', sizePerEm: 1.446 } };

interface Dialogue {
  layer: number;
  startMs: number;
  endMs: number;
  style: string;
  text: string;
}

function dialogues(ass: string): Dialogue[] {
  return ass
    .split('\n')
    .filter((line) => line.startsWith('Dialogue: '))
    .map((line) => {
      const [layer, start, end, style, , , , , , ...text] = line.slice('Dialogue: '.length).split(',');
      return { layer: Number(layer), startMs: assMs(start), endMs: assMs(end), style, text: text.join(',') };
    });
}

function assMs(t: string): number {
  const [h, m, s] = t.split(':');
  return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
}

/** Visible text of an event: override blocks removed, our escapes undone. */
function plain(text: string): string {
  return text.replace(/(?<!\\)\{[^}]*\}/g, '').replace(/\\([{}])/g, '$1').replace(/\\\u2060/g, '\\');
}

function video(id: string): VideoSpec {
  const spec = getProfile(id)?.video;
  if (!spec) throw new Error(id);
  return spec;
}

const s = (text: string, startMs: number, endMs: number): TimedText => ({ text, startMs, endMs });

const CONTENT: SegmentContent = {
  kindLabel: '通知公告',
  department: '某某县人民政府办公室',
  date: '2026年11月23日',
  title: '{\\an8}关于停水的通知😀',
  titleSentences: [s('{\\an8}关于停水的通知😀', 1700, 3500)],
  bodySentences: [s('各村民小组：10月15日停水。', 4300, 7000), s('请提前储水，咨询电话：0834-1234567。', 7350, 10_013)],
  durationMs: 10_013,
};

describe('buildSlidesAss (hall TV)', () => {
  const layout = planVideoLayout(video('hall-tv-1080p'), { withQr: true });
  if (layout.template !== 'slides') throw new Error('expected slides');
  const events = dialogues(buildSlidesAss(CONTENT, layout, FONTS, 25));
  const texts = events.map((e) => plain(e.text));

  it('should show kind, department and date in the header and the escaped title for the whole segment', () => {
    expect(texts).toContain('通知公告　某某县人民政府办公室');
    expect(texts).toContain('2026年11月23日');
    const title = events.find((e) => plain(e.text) === '{\\an8}关于停水的通知');
    expect(title).toMatchObject({ style: 'B', startMs: 0 });
    expect(title?.text).toContain('\\{\\\u2060an8\\}'); // literal, not an override
    expect(title?.endMs).toBeGreaterThan(CONTENT.durationMs);
  });

  it('should size text by the face: the em size times the face factor', () => {
    const body = events.find((e) => plain(e.text).startsWith('各村民小组'));
    expect(body?.text).toContain(`\\fs${Math.round(layout.bodyFontPx * 1.386 * 100) / 100}`);
    const title = events.find((e) => e.style === 'B' && plain(e.text).includes('停水'));
    expect(title?.text).toContain(`\\fs${Math.round(layout.titleFontPx * 1.446 * 100) / 100}`);
  });

  it('should show the body page from the start and a subtitle per sentence timed to its speech on the frame grid', () => {
    const bodyFs = `\\fs${Math.round(layout.bodyFontPx * 1.386 * 100) / 100}\\c`;
    const bodyLines = events.filter((e) => e.text.includes(bodyFs));
    expect(bodyLines.map((e) => plain(e.text)).join('')).toBe('各村民小组：10月15日停水。请提前储水，咨询电话：0834-1234567。');
    for (const line of bodyLines) expect(line.startMs).toBe(0);
    const subtitles = events.filter((e) => e.layer === 2);
    expect(subtitles.map((e) => [plain(e.text), e.startMs, e.endMs])).toEqual([
      ['{\\an8}关于停水的通知', 1720, 4320], // 1700 → 1720 on the 40 ms grid; held over the 800 ms pause
      ['各村民小组：10月15日停水。', 4320, 7360],
      ['请提前储水，咨询电话：0834-1234567。', 7360, 10_000],
    ]);
    for (const e of events) expect(e.startMs % 40).toBe(0);
  });

  it('should caption the QR code only when the layout has one and number pages only when there are several', () => {
    expect(texts).toContain(QR_CAPTION);
    expect(texts.some((t) => /^\d+\/\d+$/.test(t))).toBe(false);
    const noQr = planVideoLayout(video('hall-tv-1080p'), { withQr: false });
    if (noQr.template !== 'slides') throw new Error('expected slides');
    const long = { ...CONTENT, bodySentences: Array.from({ length: 12 }, (_, i) => s('这是一句用来把正文撑满好几页的比较长的示例句子。', 4300 + i * 3000, 6300 + i * 3000)) };
    const pageNumbers = dialogues(buildSlidesAss({ ...long, durationMs: 40_000 }, noQr, FONTS, 25))
      .map((e) => plain(e.text))
      .filter((t) => /^\d+\/\d+$/.test(t));
    expect(pageNumbers).toEqual(['1/2', '2/2']);
    expect(dialogues(buildSlidesAss(CONTENT, noQr, FONTS, 25)).map((e) => plain(e.text))).not.toContain(QR_CAPTION);
  });
});

describe('buildSlidesAss (small LED)', () => {
  const layout = planVideoLayout(video('led-384x192'), { withQr: true });
  if (layout.template !== 'compact') throw new Error('expected compact');
  const events = dialogues(buildSlidesAss(CONTENT, layout, FONTS, 25));

  it('should show the title (bold, with the department under it) until it has been read, then the body pages', () => {
    const titleLines = events.filter((e) => e.style === 'B' && e.layer === 1 && e.startMs === 0 && !plain(e.text).startsWith('通知公告'));
    expect(titleLines.map((e) => plain(e.text)).join('')).toBe('{\\an8}关于停水的通知');
    const handover = 3520; // end of the title sentence on the 40 ms grid
    for (const line of titleLines) expect(line.endMs).toBe(handover);
    expect(events.find((e) => plain(e.text) === '某某县人民政府办公室')).toMatchObject({ startMs: 0, endMs: handover });
    const bodyPages = events.filter((e) => e.style === 'R' && e.startMs >= handover);
    expect(bodyPages[0].startMs).toBe(handover);
    expect(bodyPages.map((e) => plain(e.text)).join('')).toContain('各村民小组');
    for (const e of bodyPages) expect(textWidth(plain(e.text))).toBeLessThanOrEqual(11);
  });
});

describe('buildTickerAss', () => {
  const layout = planVideoLayout(video('led-strip-1024x64'), { withQr: true });
  if (layout.template !== 'ticker') throw new Error('expected ticker');
  const events = dialogues(buildTickerAss(CONTENT, layout, FONTS));
  const moving = events.filter((e) => e.text.includes('\\move('));

  function moveOf(e: Dialogue): number[] {
    const m = /\\move\(([^)]*)\)/.exec(e.text);
    return (m?.[1] ?? '').split(',').map(Number);
  }

  it('should bring each sentence to the reading point as it starts to be spoken', () => {
    const firstBody = moving.find((e) => plain(e.text).startsWith('各村民小组') && e.startMs === 4300);
    expect(firstBody).toBeDefined();
    expect(moveOf(firstBody as Dialogue)[0]).toBe(layout.readingX);
    const title = moving.find((e) => plain(e.text).startsWith('{\\an8}') && e.endMs === 1700);
    expect(moveOf(title as Dialogue)[2]).toBe(layout.readingX);
  });

  it('should only move left, continuously from one keyframe to the next, clipped to the scroll area', () => {
    for (const e of moving) {
      const [x1, , x2] = moveOf(e);
      expect(x2).toBeLessThanOrEqual(x1);
      expect(e.text).toContain(`\\clip(${layout.scroll.x},0,1024,64)`);
    }
    const piece = moving.filter((e) => plain(e.text).startsWith('各村民小组'));
    piece.slice(1).forEach((e, i) => {
      expect(e.startMs).toBe(piece[i].endMs);
      expect(moveOf(e)[0]).toBe(moveOf(piece[i])[2]);
    });
  });

  it('should end with the department and date and leave pieces out while they are off screen', () => {
    expect(events.some((e) => plain(e.text) === '　　——某某县人民政府办公室　2026年11月23日')).toBe(true);
    const signature = moving.filter((e) => plain(e.text).includes('——'));
    expect(signature.every((e) => e.startMs > 0)).toBe(true); // not drawn while far right of the screen
  });

  it('should report no change times for the ticker and sorted change times for slides', () => {
    expect(buildSegmentScene(CONTENT, layout, FONTS, 25).changesMs).toEqual([]);
    const tv = planVideoLayout(video('hall-tv-1080p'), { withQr: false });
    const changes = buildSegmentScene(CONTENT, tv, FONTS, 25).changesMs;
    expect(changes).toEqual([...new Set(changes)].sort((a, b) => a - b));
    expect(changes).toEqual(expect.arrayContaining([0, 1720, 4320, 7360]));
  });
});

describe('interpretations (政策解读)', () => {
  const q = (text: string, startMs: number, endMs: number): TimedText => ({ text, startMs, endMs, newParagraph: true, emphasis: true });
  const a = (text: string, startMs: number, endMs: number): TimedText => ({ text, startMs, endMs, newParagraph: true });
  const QA: SegmentContent = {
    kindLabel: '政策解读',
    department: '某某县医疗保障局',
    interpreter: '张明{\\b1}',
    date: '2026年11月23日',
    title: '医保政策解读',
    titleSentences: [s('医保政策解读', 1700, 3000)],
    bodySentences: [q('问：谁可以参保？', 5800, 7000), a('答：本县户籍居民都可以参保。', 7600, 9800), q('问：交多少？', 10_800, 11_600), a('答：每年四百元。', 12_200, 13_400)],
    durationMs: 13_400,
  };
  /** The ASS colour tag of a '#RRGGBB' colour. */
  const colourTag = (hex: string): string => `\\c&H${hex.slice(5, 7)}${hex.slice(3, 5)}${hex.slice(1, 3)}&`.toUpperCase().replace('\\C', '\\c');

  it('should name the escaped interpreter in the TV header and draw questions bold in their own colour on their own lines', () => {
    const layout = planVideoLayout(video('hall-tv-1080p'), { withQr: false });
    if (layout.template !== 'slides') throw new Error('expected slides');
    const events = dialogues(buildSlidesAss(QA, layout, FONTS, 25));
    expect(events.map((e) => plain(e.text))).toContain('政策解读　某某县医疗保障局 解读人：张明{\\b1}');
    const body = events.filter((e) => e.layer === 1 && /^[问答]：/.test(plain(e.text)));
    expect(body.map((e) => [plain(e.text), e.style])).toEqual([
      ['问：谁可以参保？', 'B'],
      ['答：本县户籍居民都可以参保。', 'R'],
      ['问：交多少？', 'B'],
      ['答：每年四百元。', 'R'],
    ]);
    expect(body[0].text).toContain(colourTag(SEGMENT_COLOURS.slides.question));
    expect(body[1].text).toContain(colourTag(SEGMENT_COLOURS.slides.body));
  });

  it('should colour questions on the strip and sign off with department and interpreter', () => {
    const layout = planVideoLayout(video('led-strip-1024x64'), { withQr: false });
    if (layout.template !== 'ticker') throw new Error('expected ticker');
    const events = dialogues(buildTickerAss(QA, layout, FONTS));
    const question = events.find((e) => plain(e.text) === '问：谁可以参保？');
    expect(question?.text).toContain(colourTag(SEGMENT_COLOURS.led.question));
    expect(events.find((e) => plain(e.text) === '答：本县户籍居民都可以参保。')?.text).toContain(colourTag(SEGMENT_COLOURS.led.body));
    expect(events.some((e) => plain(e.text) === '　　——某某县医疗保障局 解读人：张明{\\b1}　2026年11月23日')).toBe(true);
  });

  it('should put the interpreter with the department under the title on a small LED panel', () => {
    const layout = planVideoLayout(video('led-384x192'), { withQr: false });
    if (layout.template !== 'compact') throw new Error('expected compact');
    const texts = dialogues(buildSlidesAss(QA, layout, FONTS, 25)).map((e) => plain(e.text));
    expect(texts.some((t) => t.startsWith('某某县医疗保障局 解读人'))).toBe(true);
    expect(texts).toContain('问：谁可以参保？');
  });
});
