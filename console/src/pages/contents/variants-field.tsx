import { useState } from 'react';
import { Alert, Button, List, Select, Space, Tag, Typography, Upload } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { api, errorMessage, unwrap } from '../../api/client';
import { formatDuration, LANGUAGE_LABEL, languageLabel } from '../../common/content-model';
import { withoutLanguage, withRecording, type VariantsValue } from './variants';

const ACCEPT = '.mp3,.wav,.m4a,.aac,.amr,.ogg,.opus,audio/*';

/**
 * 多语言版本 (e.g. 汉彝双语): upload a recording in another language and set the order in which the loudspeaker
 * plays the synthesised text and the recordings, back to back.
 */
export function VariantsField({ value, onChange, speechLanguage }: { value: VariantsValue; onChange(v: VariantsValue): void; speechLanguage: string }) {
  const [language, setLanguage] = useState<string>('ii');
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const order = value.order.length ? value.order : [speechLanguage];

  async function upload(file: File) {
    setUploading(true);
    setError(null);
    try {
      const rec = await unwrap(
        api.POST('/api/recordings', {
          body: { language, file: '' },
          bodySerializer: () => {
            const form = new FormData();
            form.append('language', language);
            form.append('file', file, file.name);
            return form;
          },
        }),
      );
      onChange(withRecording(value, { id: rec.id, language: rec.language, durationMs: rec.durationMs }, speechLanguage));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setUploading(false);
    }
  }

  function move(i: number, by: -1 | 1) {
    const next = [...order];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange({ ...value, order: next });
  }

  const remove = (lang: string) => onChange(withoutLanguage({ ...value, order }, lang));

  const languageOptions = Object.entries(LANGUAGE_LABEL)
    .filter(([tag]) => tag !== speechLanguage)
    .map(([tag, name]) => ({ value: tag, label: `${name}（${tag}）` }));

  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        <label htmlFor="recording-language">录音语言</label>
        <Select id="recording-language" value={language} onChange={setLanguage} options={languageOptions} style={{ width: 180 }} />
        <Upload accept={ACCEPT} showUploadList={false} beforeUpload={(file) => (void upload(file as unknown as File), false)}>
          <Button icon={<UploadOutlined />} loading={uploading}>上传录音</Button>
        </Upload>
        <Typography.Text type="secondary">mp3、wav、m4a、amr、ogg，≤ 50 MB，≤ 30 分钟</Typography.Text>
      </Space>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 8 }} />}
      {value.recordings.length > 0 && (
        <section aria-label="喇叭播放顺序">
        <List
          size="small"
          bordered
          header={<Typography.Text strong>喇叭播放顺序</Typography.Text>}
          dataSource={order}
          renderItem={(lang, i) => {
            const rec = value.recordings.find((r) => r.language === lang);
            return (
              <List.Item
                aria-label={`第 ${i + 1} 位：${languageLabel(lang)}${rec ? '录音' : '语音合成'}`}
                actions={[
                  <Button key="up" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} aria-label={`${languageLabel(lang)}上移`} />,
                  <Button key="down" size="small" icon={<ArrowDownOutlined />} disabled={i === order.length - 1} onClick={() => move(i, 1)} aria-label={`${languageLabel(lang)}下移`} />,
                  <Button key="del" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(lang)} aria-label={`移除${languageLabel(lang)}`} />,
                ]}
              >
                <Space>
                  <Tag color="blue">{i + 1}</Tag>
                  {languageLabel(lang)}
                  <Typography.Text type="secondary">{rec ? `录音，${formatDuration(rec.durationMs)}` : '语音合成（正文）'}</Typography.Text>
                </Space>
              </List.Item>
            );
          }}
        />
        </section>
      )}
      {value.recordings.length > 0 && !order.includes(speechLanguage) && (
        <Button type="link" onClick={() => onChange({ ...value, order: [speechLanguage, ...order] })}>
          加回语音合成的{languageLabel(speechLanguage)}版本
        </Button>
      )}
    </div>
  );
}
