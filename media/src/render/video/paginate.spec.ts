import { paginate, splitTimed, subtitleCues, TimedText } from './paginate';

const s = (text: string, startMs: number, endMs: number): TimedText => ({ text, startMs, endMs });
const FIT = { maxCharsPerLine: 4, maxLinesPerPage: 2 };

describe('paginate', () => {
  it('should run sentences on within a page until the next one does not fit', () => {
    const pages = paginate([s('一二。', 0, 1000), s('三四五。', 1300, 2500), s('六七八九十。', 2800, 4000)], FIT);
    expect(pages).toEqual([
      { lines: ['一二。三', '四五。'], startMs: 0, endMs: 2500 },
      { lines: ['六七八九', '十。'], startMs: 2500, endMs: 4000 },
    ]);
  });

  it('should move a whole sentence to the next page rather than split it when it does not fit the rest of a page', () => {
    const pages = paginate([s('一二三四五。', 0, 1000), s('六七八。', 1200, 2000)], FIT);
    expect(pages.map((p) => p.lines)).toEqual([['一二三四', '五。'], ['六七八。']]);
  });

  it('should split a sentence across pages with time shared by length only when it alone exceeds a page', () => {
    const pages = paginate([s('一二。', 0, 500), s('一二三四五六七八九十。', 1000, 3200), s('尾。', 3500, 4000)], FIT);
    expect(pages).toEqual([
      { lines: ['一二。'], startMs: 0, endMs: 500 },
      { lines: ['一二三四', '五六七八'], startMs: 500, endMs: 1000 + Math.round((2200 * 8) / 11) },
      { lines: ['九十。'], startMs: 1000 + Math.round((2200 * 8) / 11), endMs: 3200 },
      { lines: ['尾。'], startMs: 3200, endMs: 4000 },
    ]);
  });

  it('should keep every page on screen while its sentences are spoken and cover the span without gaps', () => {
    const sentences = [s('甲乙丙。', 1700, 2600), s('丁戊己庚辛。', 3000, 4200), s('壬癸。', 4500, 5000), s('子丑寅卯辰。', 5400, 7000)];
    const pages = paginate(sentences, FIT, { startMs: 0, endMs: 8000 });
    expect(pages[0].startMs).toBe(0);
    expect(pages[pages.length - 1].endMs).toBe(8000);
    pages.slice(1).forEach((page, i) => expect(page.startMs).toBe(pages[i].endMs));
    for (const sentence of sentences) {
      const page = pages.find((p) => p.startMs <= sentence.startMs && sentence.startMs < p.endMs);
      expect(page).toBeDefined();
      expect(page?.endMs).toBeGreaterThanOrEqual(sentence.endMs);
    }
  });

  it('should put a space between two Latin words when joining sentences and return no pages for none', () => {
    expect(paginate([s('Go', 0, 1), s('home', 1, 2)], { maxCharsPerLine: 10, maxLinesPerPage: 1 })[0].lines).toEqual(['Go home']);
    expect(paginate([], FIT)).toEqual([]);
  });

  it('should start a paragraph on a new line and mark the lines of emphasised paragraphs when pages hold Q&A', () => {
    const q = (text: string, startMs: number, endMs: number): TimedText => ({ text, startMs, endMs, newParagraph: true, emphasis: true });
    const a = (text: string, startMs: number, endMs: number): TimedText => ({ text, startMs, endMs, newParagraph: true });
    const pages = paginate([q('问：一二？', 0, 1000), a('答：三。', 1500, 2000), s('四五。', 2300, 3000), q('问：六？', 4000, 4500)], {
      maxCharsPerLine: 5,
      maxLinesPerPage: 3,
    });
    expect(pages).toEqual([
      { lines: ['问：一二？', '答：三。四', '五。'], startMs: 0, endMs: 3000, emphasis: [true, false, false] },
      { lines: ['问：六？'], startMs: 3000, endMs: 4500, emphasis: [true] },
    ]);
  });

  it('should keep the emphasis on every piece when an emphasised sentence alone needs more than a page', () => {
    const pages = paginate([{ text: '一二三四五六七八九十', startMs: 0, endMs: 1000, newParagraph: true, emphasis: true }], FIT);
    expect(pages.map((p) => p.emphasis)).toEqual([[true, true], [true]]);
  });

  it('should reject a fit that is not a positive whole number of characters and lines', () => {
    expect(() => paginate([s('一', 0, 1)], { maxCharsPerLine: 0, maxLinesPerPage: 2 })).toThrow(RangeError);
    expect(() => paginate([s('一', 0, 1)], { maxCharsPerLine: 3, maxLinesPerPage: 1.5 })).toThrow(RangeError);
  });
});

describe('splitTimed', () => {
  it('should cut a long text into pieces of at most the page lines with proportional times', () => {
    expect(splitTimed(s('一二三四五六七八九十', 0, 1000), FIT)).toEqual([
      { lines: ['一二三四', '五六七八'], startMs: 0, endMs: 800 },
      { lines: ['九十'], startMs: 800, endMs: 1000 },
    ]);
  });
});

describe('subtitleCues', () => {
  it('should give each sentence its own cue and bridge short pauses but not long ones', () => {
    const cues = subtitleCues([s('一二。', 0, 1000), s('三四。', 1350, 2000), s('五。', 4000, 4500)], { maxCharsPerLine: 10, maxLinesPerPage: 2 });
    expect(cues).toEqual([
      { lines: ['一二。'], startMs: 0, endMs: 1350 },
      { lines: ['三四。'], startMs: 1350, endMs: 2000 },
      { lines: ['五。'], startMs: 4000, endMs: 4500 },
    ]);
  });
});
