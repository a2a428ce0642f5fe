import { speechReading } from './speech-reading';

describe('speechReading', () => {
  it('should write numbers, dates, percentages and phone numbers out as they are spoken', () => {
    const r = speechReading('12月5日上午9:30开会，出勤率达到98.5%。咨询电话13812345678。');
    expect(r.sentences).toHaveLength(2);
    expect(r.sentences[0].source).toBe('12月5日上午9:30开会，出勤率达到98.5%。');
    expect(r.sentences[0].spoken).toContain('十二月五日');
    expect(r.sentences[0].spoken).toContain('百分之九十八点五');
    expect(r.sentences[1].spoken).toContain('一三八，一二三四，五六七八');
    expect(r.reading).toBe(r.sentences.map((s) => s.spoken).join(''));
  });

  it('should give no sentence for text with nothing speakable', () => {
    expect(speechReading('   ……  ')).toEqual({ reading: '', sentences: [] });
  });
});
