import { AppError } from '../common/app-error';
import { KnownRecording, resolveVariants } from './revision-variants';

const yi: KnownRecording = { id: '11111111-1111-4111-8111-111111111111', language: 'ii', sha256: 'a'.repeat(64), ext: 'wav', durationMs: 4000 };
const sichuan: KnownRecording = { id: '22222222-2222-4222-8222-222222222222', language: 'zh-sichuan', sha256: 'b'.repeat(64), ext: 'mp3', durationMs: 3000 };

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('resolveVariants', () => {
  it('should keep the recordings with their hash and language and the order when everything is known', () => {
    expect(resolveVariants({ recordings: [yi.id], order: ['zh-CN', 'ii'] }, 'zh-CN', [yi])).toEqual({
      speechLanguage: 'zh-CN',
      recordings: [{ id: yi.id, language: 'ii', sha256: yi.sha256, ext: 'wav', durationMs: 4000 }],
      order: ['zh-CN', 'ii'],
    });
  });

  it('should allow playing the recordings only when the synthesised language is left out of the order', () => {
    expect(resolveVariants({ recordings: [yi.id, sichuan.id], order: ['zh-sichuan', 'ii'] }, 'zh-CN', [sichuan, yi]).order).toEqual(['zh-sichuan', 'ii']);
  });

  it('should answer 400 RECORDING_NOT_FOUND naming the id when a recording is unknown', () => {
    const err = refusal(() => resolveVariants({ recordings: [yi.id, sichuan.id], order: ['zh-CN', 'ii'] }, 'zh-CN', [yi]));
    expect(err).toMatchObject({ status: 400, code: 'RECORDING_NOT_FOUND', details: { recordings: [sichuan.id] } });
    expect(err.message).toContain(sichuan.id);
  });

  it('should refuse when a recording has the language of the voice or of another recording', () => {
    expect(refusal(() => resolveVariants({ recordings: [yi.id], order: ['ii'] }, 'ii', [yi]))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const twin = { ...sichuan, language: 'ii' };
    expect(refusal(() => resolveVariants({ recordings: [yi.id, twin.id], order: ['ii'] }, 'zh-CN', [yi, twin])).message).toMatch(/每种语言只能有一个版本/);
  });

  it('should refuse an order that repeats a language, names one without a version or leaves a recording out', () => {
    const known = [yi];
    expect(refusal(() => resolveVariants({ recordings: [yi.id], order: ['ii', 'ii'] }, 'zh-CN', known)).message).toMatch(/重复/);
    expect(refusal(() => resolveVariants({ recordings: [yi.id], order: ['zh-CN', 'ii', 'bo'] }, 'zh-CN', known)).message).toMatch(/bo.*没有对应的版本/);
    expect(refusal(() => resolveVariants({ recordings: [yi.id], order: ['zh-CN'] }, 'zh-CN', known)).message).toMatch(/未列入播放顺序/);
  });

  it('should refuse the same recording referenced twice', () => {
    expect(refusal(() => resolveVariants({ recordings: [yi.id, yi.id], order: ['zh-CN', 'ii'] }, 'zh-CN', [yi])).code).toBe('VALIDATION_FAILED');
  });
});
