import { useEffect, useState } from 'react';
import { Alert, Card, Empty, Spin, Typography } from 'antd';
import { SoundOutlined } from '@ant-design/icons';
import type { components } from '../api/schema';
import { api, errorMessage, unwrap } from '../api/client';

type Reading = components['schemas']['SpeechReadingView'];

/** Ask the server only once typing pauses: every keystroke would be a request. */
const DEBOUNCE_MS = 400;

/**
 * 朗读效果: the text as the TTS will speak it (numbers, dates, phone numbers digit by digit, percentages), sentence by
 * sentence beside its source, from the same normaliser the renderer uses (POST /api/speech/reading).
 */
export function SpeechReading({ text, rate }: { text: string; rate?: number }) {
  const [reading, setReading] = useState<Reading | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const source = text.trim();
    if (!source) {
      setReading(null);
      setError(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setLoading(true);
      unwrap(api.POST('/api/speech/reading', { body: { text: source.slice(0, 5000), rate } }))
        .then((r) => {
          if (!live) return;
          setReading(r);
          setError(null);
        })
        .catch((e) => live && setError(errorMessage(e)))
        .finally(() => live && setLoading(false));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, rate]);

  return (
    <Card
      size="small"
      title={<span><SoundOutlined /> 朗读效果</span>}
      extra={loading ? <Spin size="small" /> : null}
      aria-label="朗读效果"
      styles={{ body: { maxHeight: 520, overflow: 'auto' } }}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        语音将按下列文字朗读（数字、日期、电话号码、百分数已转写）。读法不对时，请调整原文写法。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      {!text.trim() ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="输入正文后在此显示朗读效果" />
      ) : (
        reading && (
          <ol style={{ paddingLeft: 20, margin: 0 }} data-testid="speech-reading">
            {reading.sentences.map((s, i) => (
              <li key={i} style={{ marginBottom: 8 }}>
                <div style={{ color: '#8c8c8c', fontSize: 12 }}>{s.source}</div>
                <div>{s.spoken}</div>
              </li>
            ))}
          </ol>
        )
      )}
    </Card>
  );
}
