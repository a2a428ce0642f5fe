import { changeCounts, textChanges } from './text-changes';

describe('textChanges', () => {
  it('should mark the changed characters of a Chinese sentence', () => {
    const parts = textChanges('今冬集中供暖于11月15日开始。', '今冬集中供暖于11月10日开始。');
    expect(parts.filter((p) => p.removed).map((p) => p.value)).toEqual(['5']);
    expect(parts.filter((p) => p.added).map((p) => p.value)).toEqual(['0']);
    expect(changeCounts(parts)).toEqual({ added: 1, removed: 1 });
  });

  it('should report no change for equal texts', () => {
    expect(changeCounts(textChanges('同一段文字', '同一段文字'))).toEqual({ added: 0, removed: 0 });
  });

  it('should fall back to whole lines when a rewrite is too large to diff by character', () => {
    const before = Array.from({ length: 400 }, (_, i) => `第${i}行旧内容甲乙丙丁戊己庚辛`).join('\n');
    const after = Array.from({ length: 400 }, (_, i) => `第${i}行新写的子丑寅卯辰巳午未`).join('\n');
    const parts = textChanges(before, after);
    // Lines, not characters: every removed part ends at a line break (or the end of the text).
    expect(parts.filter((p) => p.removed).every((p) => p.value.endsWith('\n') || before.endsWith(p.value))).toBe(true);
    expect(parts.filter((p) => !p.removed).map((p) => p.value).join('')).toBe(after);
  });
});
