import { formatDuration, mediaUrl, revisionText, type Revision } from './content-model';

const revision = (patch: Partial<Revision> = {}): Revision => ({
  id: 'r1',
  contentId: 'c1',
  number: 1,
  title: '冬季防火通知',
  body: '咨询电话13812345678。',
  voice: 'espeak:cmn',
  rate: 1,
  department: '栖凤区应急管理局',
  validFrom: null,
  validUntil: null,
  sourceUrl: null,
  qa: null,
  interpreter: null,
  questionVoice: null,
  answerVoice: null,
  allowVoiceFallback: true,
  variants: null,
  authorId: 'u1',
  reviewState: 'draft',
  reviewerId: null,
  reviewedAt: null,
  reviewComment: null,
  createdAt: '2026-12-04T23:00:00.000Z',
  ...patch,
});

describe('content model', () => {
  it('should show durations in seconds, and minutes past a minute', () => {
    expect(formatDuration(19_800)).toBe('19.8 秒');
    expect(formatDuration(125_000)).toBe('2 分 05 秒');
    expect(formatDuration(null)).toBe('—');
  });

  it('should address media by hash and extension, and not before it exists', () => {
    expect(mediaUrl({ sha256: 'ab12', ext: 'mp3' })).toBe('/media/ab12.mp3');
    expect(mediaUrl({ sha256: null, ext: null })).toBeNull();
  });

  it('should put every field a listener notices into the text a reviewer compares', () => {
    const text = revisionText(revision({ rate: 0.8, validFrom: '2026-12-05T00:00:00Z', variants: { speechLanguage: 'zh-CN', recordings: [], order: ['zh-CN', 'ii'] } }), (id) => (id === 'espeak:cmn' ? '普通话' : id));
    expect(text).toContain('标题：冬季防火通知');
    expect(text).toContain('语音：普通话');
    expect(text).toContain('语速：0.8 倍');
    expect(text).toContain('有效期：2026-12-05 08:00 至 —');
    expect(text).toContain('播放顺序：普通话 → 彝语');
    expect(text.endsWith('咨询电话13812345678。')).toBe(true);
  });

  it('should list the questions and answers of an interpretation with its interpreter and two voices', () => {
    const text = revisionText(revision({ qa: [{ q: '谁能办？', a: '本村居民。' }], interpreter: '张明远', questionVoice: 'edge:q', answerVoice: 'edge:a' }));
    expect(text).toContain('解读人：张明远');
    expect(text).toContain('提问语音：edge:q');
    expect(text).toContain('回答语音：edge:a');
    expect(text).toContain('问1：谁能办？\n答1：本村居民。');
  });
});
