import { diffChars, diffLines, type ChangeObject } from 'diff';

/** Beyond this many edits a character diff gets slow and unreadable; whole changed lines are shown instead. */
export const MAX_CHAR_EDITS = 3000;

/** Character-level changes (Chinese has no spaces to split words on), falling back to lines for large rewrites. */
export function textChanges(before: string, after: string): ChangeObject<string>[] {
  return diffChars(before, after, { maxEditLength: MAX_CHAR_EDITS }) ?? diffLines(before, after);
}

/** Characters inserted and removed, as the reviewer's summary shows them. */
export function changeCounts(parts: readonly ChangeObject<string>[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const p of parts) {
    if (p.added) added += p.value.length;
    else if (p.removed) removed += p.value.length;
  }
  return { added, removed };
}
