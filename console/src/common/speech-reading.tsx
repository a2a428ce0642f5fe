import { Card } from 'antd';
/** Temporary until POST /api/speech/reading is on main. */
export function SpeechReading({ text }: { text: string; rate?: number }) {
  return <Card size="small" title="朗读效果" aria-label="朗读效果">{text}</Card>;
}
