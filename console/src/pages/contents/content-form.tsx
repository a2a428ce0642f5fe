import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { components } from '../../api/schema';
import { api, errorMessage, unwrap } from '../../api/client';
import { KIND_LABEL, type Content, type ContentKind, type Voice } from '../../common/content-model';
import { dayjs, TIME_ZONE } from '../../common/time';
import { variantsBody, type VariantsValue } from './variants';
import { VariantsField } from './variants-field';
import { useVoices } from './use-voices';

type CreateBody = components['schemas']['CreateContentDto'];
type ReviseBody = components['schemas']['ContentFieldsDto'];

const DEFAULT_VOICE = 'espeak:cmn';
const MAX_BODY = 5000;

interface FormValues {
  kind: ContentKind;
  title: string;
  department: string;
  body?: string;
  qa?: Array<{ q: string; a: string }>;
  interpreter?: string;
  voice: string;
  questionVoice?: string;
  answerVoice?: string;
  rate: number;
  allowVoiceFallback: boolean;
  validFrom?: Dayjs | null;
  validUntil?: Dayjs | null;
  sourceUrl?: string;
}

/** A picked wall-clock time is the county's (Asia/Shanghai), whatever zone the browser runs in. */
const toIso = (d: Dayjs | null | undefined): string | undefined => (d ? dayjs.tz(d.format('YYYY-MM-DD HH:mm'), TIME_ZONE).toISOString() : undefined);
const fromIso = (iso: string | null | undefined): Dayjs | undefined => (iso ? dayjs(dayjs(iso).tz(TIME_ZONE).format('YYYY-MM-DD HH:mm')) : undefined);

function initialValues(content?: Content): FormValues {
  const r = content?.latest;
  if (!r) return { kind: 'notice', title: '', department: '', voice: DEFAULT_VOICE, rate: 1, allowVoiceFallback: true, body: '' };
  return {
    kind: content.kind,
    title: r.title,
    department: r.department,
    body: r.qa ? undefined : r.body,
    qa: r.qa ?? undefined,
    interpreter: r.interpreter ?? undefined,
    voice: r.voice,
    questionVoice: r.questionVoice ?? undefined,
    answerVoice: r.answerVoice ?? undefined,
    rate: r.rate,
    allowVoiceFallback: r.allowVoiceFallback,
    validFrom: fromIso(r.validFrom),
    validUntil: fromIso(r.validUntil),
    sourceUrl: r.sourceUrl ?? undefined,
  };
}

function voiceOptions(voices: Voice[]) {
  return voices.map((v) => ({
    value: v.id,
    title: `${v.name}${v.available ? '' : '（暂不可用）'}`,
    // Screen readers hear the name and whether it can be used now (the visible label is tags).
    'aria-label': `${v.name}，${v.offline ? '离线' : '在线'}，${v.available ? '当前可用' : '暂不可用'}`,
    label: (
      <Space size={4}>
        <span>{v.name}</span>
        {v.dialect && <Tag>{v.dialect}</Tag>}
        <Tag color={v.offline ? 'default' : 'blue'}>{v.offline ? '离线' : '在线'}</Tag>
        <Tag color={v.available ? 'success' : 'error'}>{v.available ? '当前可用' : '暂不可用'}</Tag>
      </Space>
    ),
  }));
}

export interface ContentFormProps {
  /** Absent: a new content. Present: saving writes its next revision. */
  content?: Content;
  onSaved(content: Content): void;
  onDirtyChange?(dirty: boolean): void;
  /** Shown beside the text: how the text will be read (gets the text being edited). */
  aside?(text: string, rate: number): React.ReactNode;
}

/** The editor for notices (通知公告) and policy interpretations (政策解读: Q&A, 解读人, question and answer voices). */
export function ContentForm({ content, onSaved, onDirtyChange, aside }: ContentFormProps) {
  const [form] = Form.useForm<FormValues>();
  const initial = useMemo(() => initialValues(content), [content]);
  const { voices, loading: voicesLoading, error: voicesError } = useVoices();
  const [variants, setVariants] = useState<VariantsValue>(() => ({
    recordings: content?.latest.variants?.recordings.map(({ id, language, durationMs }) => ({ id, language, durationMs })) ?? [],
    order: content?.latest.variants?.order ?? [],
  }));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form) ?? initial.kind;
  const body = Form.useWatch('body', form) ?? '';
  const qa = Form.useWatch('qa', form);
  const rate = Form.useWatch('rate', form) ?? 1;
  const mainVoice = Form.useWatch('voice', form);
  const questionVoice = Form.useWatch('questionVoice', form);
  // The synthesised version is in the language of the voice that opens the content (the question's, for Q&A).
  const voiceId = (kind === 'interpretation' ? questionVoice : undefined) ?? mainVoice ?? DEFAULT_VOICE;
  const speechLanguage = voices.find((v) => v.id === voiceId)?.language ?? 'zh-CN';
  const options = useMemo(() => voiceOptions(voices), [voices]);
  const unavailable = voices.filter((v) => !v.available).length;
  const spokenText = kind === 'interpretation' ? (qa ?? []).filter(Boolean).map((p) => `问：${p?.q ?? ''}\n答：${p?.a ?? ''}`).join('\n') : body;

  function setDirty(d: boolean) {
    onDirtyChange?.(d);
  }

  async function save(v: FormValues) {
    setSaving(true);
    setError(null);
    const fields: ReviseBody = {
      title: v.title.trim(),
      department: v.department.trim(),
      voice: v.voice,
      rate: v.rate,
      allowVoiceFallback: v.allowVoiceFallback,
      validFrom: toIso(v.validFrom),
      validUntil: toIso(v.validUntil),
      sourceUrl: v.sourceUrl?.trim() || undefined,
      ...(v.kind === 'interpretation'
        ? { qa: v.qa, interpreter: v.interpreter?.trim(), questionVoice: v.questionVoice, answerVoice: v.answerVoice }
        : { body: v.body }),
      variants: variantsBody(variants, speechLanguage),
    };
    try {
      const saved = content
        ? await unwrap(api.POST('/api/contents/{id}/revisions', { params: { path: { id: content.id } }, body: fields }))
        : await unwrap(api.POST('/api/contents', { body: { ...fields, kind: v.kind } satisfies CreateBody }));
      setDirty(false);
      onSaved(saved);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  const voiceSelect = (name: 'voice' | 'questionVoice' | 'answerVoice', label: string) => (
    <Form.Item label={label} name={name} rules={name === 'voice' ? [{ required: true, message: '请选择语音' }] : undefined}>
      <Select options={options} loading={voicesLoading} optionLabelProp="title" placeholder="默认离线普通话" allowClear={name !== 'voice'} />
    </Form.Item>
  );

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={save}
      onValuesChange={() => setDirty(true)}
      scrollToFirstError
    >
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          {!content && (
            <Form.Item label="内容类型" name="kind">
              <Radio.Group optionType="button" options={(['notice', 'interpretation'] as const).map((k) => ({ value: k, label: KIND_LABEL[k] }))} />
            </Form.Item>
          )}
          <Form.Item label="标题" name="title" rules={[{ required: true, whitespace: true, message: '请输入标题' }, { max: 200, message: '标题最多 200 字' }]}>
            <Input maxLength={200} showCount />
          </Form.Item>
          <Form.Item label="发布部门" name="department" rules={[{ required: true, whitespace: true, message: '请输入发布部门' }, { max: 100 }]}>
            <Input maxLength={100} placeholder="如：栖凤区人民政府办公室" />
          </Form.Item>
          {kind === 'notice' ? (
            <Form.Item label="正文" name="body" rules={[{ required: true, whitespace: true, message: '请输入正文' }]} extra="数字、日期、电话号码按右侧“朗读效果”读出，可据此调整写法">
              <Input.TextArea rows={10} maxLength={MAX_BODY} showCount />
            </Form.Item>
          ) : (
            <>
              <Form.Item label="解读人" name="interpreter" rules={[{ required: true, whitespace: true, message: '请输入解读人' }, { max: 64 }]}>
                <Input maxLength={64} placeholder="如：区民政局 张明远" />
              </Form.Item>
              <Form.List name="qa" initialValue={initial.qa ?? [{ q: '', a: '' }]}>
                {(fields, { add, remove }) => (
                  <Card size="small" title="问答" style={{ marginBottom: 16 }}>
                    {fields.map((f, i) => (
                      <div key={f.key} style={{ borderBottom: '1px dashed #f0f0f0', marginBottom: 12 }}>
                        <Form.Item label={`问题 ${i + 1}`} name={[f.name, 'q']} rules={[{ required: true, whitespace: true, message: '请输入问题' }, { max: 500 }]}>
                          <Input.TextArea rows={2} maxLength={500} />
                        </Form.Item>
                        <Form.Item label={`回答 ${i + 1}`} name={[f.name, 'a']} rules={[{ required: true, whitespace: true, message: '请输入回答' }, { max: 2000 }]}>
                          <Input.TextArea rows={3} maxLength={2000} />
                        </Form.Item>
                        {fields.length > 1 && (
                          <Button type="link" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)}>
                            删除第 {i + 1} 组问答
                          </Button>
                        )}
                      </div>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({ q: '', a: '' })} disabled={fields.length >= 50}>
                      添加一组问答
                    </Button>
                  </Card>
                )}
              </Form.List>
            </>
          )}
          {voicesError && <Alert type="warning" showIcon title={`无法读取语音列表：${voicesError}`} style={{ marginBottom: 12 }} />}
          <Row gutter={12}>
            <Col xs={24} md={kind === 'interpretation' ? 8 : 12}>{voiceSelect('voice', kind === 'interpretation' ? '默认语音' : '语音')}</Col>
            {kind === 'interpretation' && <Col xs={24} md={8}>{voiceSelect('questionVoice', '提问语音')}</Col>}
            {kind === 'interpretation' && <Col xs={24} md={8}>{voiceSelect('answerVoice', '回答语音')}</Col>}
          </Row>
          {unavailable > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
              有 {unavailable} 个在线语音当前无法连接；允许改用离线语音时仍可按时播出。
            </Typography.Paragraph>
          )}
          <Row gutter={12}>
            <Col xs={12} md={8}>
              <Form.Item label="语速" name="rate" extra="老年听众多的村可调慢，如 0.8 倍">
                <InputNumber min={0.5} max={2} step={0.1} precision={1} suffix="倍" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={16}>
              <Form.Item label="在线语音无法连接时改用离线语音" name="allowVoiceFallback" valuePropName="checked">
                <Switch checkedChildren="允许" unCheckedChildren="不允许" />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item label="有效期起" name="validFrom">
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="有效期止" name="validUntil">
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="原文链接" name="sourceUrl" rules={[{ type: 'url', message: '请输入 http(s) 开头的网址' }]} extra="屏幕视频版据此生成二维码">
            <Input placeholder="https://" maxLength={500} />
          </Form.Item>
          <Form.Item label="多语言版本（如汉彝双语）" extra="上传其他语言的录音，喇叭按顺序连续播放">
            <VariantsField value={variants} onChange={(v) => { setVariants(v); setDirty(true); }} speechLanguage={speechLanguage} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>
            {content ? '保存为新版本' : '保存草稿'}
          </Button>
        </Col>
        <Col xs={24} lg={10}>
          <div style={{ position: 'sticky', top: 16 }}>{aside?.(spokenText, rate)}</div>
        </Col>
      </Row>
    </Form>
  );
}
