import { variantsBody, withoutLanguage, withRecording } from './variants';

const yi = { id: 'rec-yi', language: 'ii', durationMs: 30_000 };

describe('language variants', () => {
  it('should play the synthesised speech first, then a new recording', () => {
    const v = withRecording({ recordings: [], order: [] }, yi, 'zh-CN');
    expect(v.order).toEqual(['zh-CN', 'ii']);
    expect(variantsBody(v, 'zh-CN')).toEqual({ recordings: ['rec-yi'], order: ['zh-CN', 'ii'] });
  });

  it('should replace a recording of the same language and keep the chosen order', () => {
    const v = withRecording({ recordings: [yi], order: ['ii', 'zh-CN'] }, { ...yi, id: 'rec-yi-2' }, 'zh-CN');
    expect(v).toEqual({ recordings: [{ ...yi, id: 'rec-yi-2' }], order: ['ii', 'zh-CN'] });
  });

  it('should drop the recording with its language, and every variant with the last recording', () => {
    const v = { recordings: [yi, { id: 'rec-bo', language: 'bo', durationMs: 1 }], order: ['zh-CN', 'ii', 'bo'] };
    expect(withoutLanguage(v, 'ii')).toEqual({ recordings: [v.recordings[1]], order: ['zh-CN', 'bo'] });
    expect(withoutLanguage({ recordings: [yi], order: ['zh-CN', 'ii'] }, 'ii')).toEqual({ recordings: [], order: [] });
    expect(variantsBody({ recordings: [], order: [] }, 'zh-CN')).toBeUndefined();
  });

  it('should let the recordings play without the synthesised speech while any remain', () => {
    expect(withoutLanguage({ recordings: [yi], order: ['zh-CN', 'ii'] }, 'zh-CN')).toEqual({ recordings: [yi], order: ['ii'] });
  });
});
