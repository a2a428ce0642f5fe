import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Radio, Select, Space, Tag, TreeSelect, Typography, App as AntApp } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../api/client';
import { dayjs, formatDateTime } from '../../common/time';
import { useRegions } from '../../common/use-regions';
import { alertApi } from './alert-api';
import { ALERT_LEVELS, levelInfo } from './alert-levels';

const MAX_TEXT = 1000;
const MAX_REPEAT = 5;
const VALIDITY = [
  { minutes: 30, label: '30 分钟' },
  { minutes: 60, label: '1 小时' },
  { minutes: 120, label: '2 小时' },
  { minutes: 360, label: '6 小时' },
  { minutes: 720, label: '12 小时' },
  { minutes: 1440, label: '24 小时' },
];

interface Draft {
  level?: 1 | 2 | 3 | 4;
  regionCodes?: string[];
  title?: string;
  text?: string;
  repeat: number;
  voice: string;
  validityMinutes: number;
}

interface Voice {
  id: string;
  name: string;
  offline: boolean;
  available?: boolean;
}

/**
 * The deliberate send form: nothing airs until the officer has read a restatement of exactly what will happen
 * (level, regions, device count, text, repeats, expiry) and ticked that they checked it.
 */
export default function AlertForm() {
  const [form] = Form.useForm<Draft>();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { tree, nameOf } = useRegions();
  const [voices, setVoices] = useState<Voice[]>([]);
  const [confirming, setConfirming] = useState<Draft | null>(null);
  const [checked, setChecked] = useState(false);
  const [deviceCount, setDeviceCount] = useState<number | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const regionCodes = Form.useWatch('regionCodes', form);

  useEffect(() => {
    unwrap(api.GET('/api/voices'))
      .then((v) => setVoices(((v as unknown as Voice[]) ?? []).filter((x) => x.offline)))
      .catch(() => setVoices([{ id: 'espeak:cmn', name: '普通话（离线）', offline: true }]));
  }, []);

  // How many devices the chosen regions reach, so nobody alerts a whole county thinking it was one village.
  useEffect(() => {
    // The form is unmounted while the officer checks the restatement; the count shown there must stay.
    if (confirming) return;
    if (!regionCodes || regionCodes.length === 0) {
      setDeviceCount(null);
      return;
    }
    let alive = true;
    unwrap(api.POST('/api/devices/count' as never, { body: { regionCodes } } as never))
      .then((r) => alive && setDeviceCount((r as { count: number }).count))
      .catch(() => alive && setDeviceCount(null));
    return () => {
      alive = false;
    };
  }, [regionCodes, confirming]);

  const expiresAt = useMemo(() => (confirming ? dayjs().add(confirming.validityMinutes, 'minute') : null), [confirming]);

  async function send() {
    if (!confirming || !expiresAt) return;
    setSending(true);
    setError(null);
    try {
      const created = await alertApi.send({
        level: confirming.level!,
        regionCodes: confirming.regionCodes!,
        title: confirming.title?.trim() || undefined,
        text: confirming.text!.trim(),
        repeat: confirming.repeat,
        voice: confirming.voice,
        expiresAt: expiresAt.toISOString(),
      });
      message.success('应急广播已发出');
      navigate(`/alerts/${created.id}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  if (confirming) {
    const info = levelInfo(confirming.level!);
    return (
      <Card title="核对应急广播" style={{ maxWidth: 860 }}>
        <Alert
          type="warning"
          showIcon
          title="请逐项核对。确认后，目标区域内的所有终端将立即打断正在播放的节目，忽略静音时段，播放提示音和以下内容。"
          style={{ marginBottom: 16 }}
        />
        <Descriptions column={1} bordered size="small" aria-label="播发内容核对">
          <Descriptions.Item label="级别">
            <Tag color={info.tag}>{`${info.level} 级 · ${info.name} · ${info.colour}`}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="目标区域">{confirming.regionCodes!.map((c) => nameOf(c)).join('、')}</Descriptions.Item>
          <Descriptions.Item label="覆盖终端">{deviceCount === null ? '—' : `${deviceCount} 台`}</Descriptions.Item>
          {confirming.title && <Descriptions.Item label="标题">{confirming.title}</Descriptions.Item>}
          <Descriptions.Item label="播报内容">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{confirming.text}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="播报遍数">{`提示音 + 播报，共 ${confirming.repeat} 遍`}</Descriptions.Item>
          <Descriptions.Item label="有效期至">{formatDateTime(expiresAt!.toISOString())}</Descriptions.Item>
        </Descriptions>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} role="alert" />}
        <Checkbox checked={checked} onChange={(e) => setChecked(e.target.checked)} style={{ marginTop: 16 }}>
          我已核对级别、区域和内容，确认播发
        </Checkbox>
        <div style={{ marginTop: 16 }}>
          <Space>
            <Button onClick={() => { setConfirming(null); setChecked(false); }}>返回修改</Button>
            <Button type="primary" danger disabled={!checked} loading={sending} onClick={send}>
              确认播发
            </Button>
          </Space>
        </div>
      </Card>
    );
  }

  return (
    <Card title="发布应急广播" style={{ maxWidth: 860 }}>
      <Form<Draft>
        form={form}
        layout="vertical"
        initialValues={{ repeat: 2, voice: 'espeak:cmn', validityMinutes: 120 }}
        onFinish={(values) => setConfirming(values)}
        requiredMark
      >
        <Form.Item label="预警级别" name="level" rules={[{ required: true, message: '请选择预警级别' }]}>
          <Radio.Group optionType="button" buttonStyle="solid">
            {ALERT_LEVELS.map((l) => (
              <Radio.Button key={l.level} value={l.level} style={{ color: l.hex, fontWeight: 600 }}>
                {`${l.level} 级 ${l.name}（${l.colour}）`}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          label="目标区域"
          name="regionCodes"
          rules={[{ required: true, message: '请选择目标区域' }]}
          extra={deviceCount === null ? '选择县、乡镇或村，含下级全部终端' : `将覆盖 ${deviceCount} 台终端`}
        >
          <TreeSelect treeData={tree} treeCheckable showCheckedStrategy={TreeSelect.SHOW_PARENT} placeholder="选择区域，可输入名称查找" treeDefaultExpandAll allowClear showSearch treeNodeFilterProp="title" />
        </Form.Item>
        <Form.Item label="标题（可选）" name="title" rules={[{ max: 200, message: '标题最多 200 字' }]}>
          <Input placeholder="如：山洪预警；省略时按级别生成" />
        </Form.Item>
        <Form.Item label="播报内容" name="text" rules={[{ required: true, whitespace: true, message: '请输入播报内容' }, { max: MAX_TEXT, message: `最多 ${MAX_TEXT} 字` }]}>
          <Input.TextArea rows={5} showCount maxLength={MAX_TEXT} placeholder="如：受强降雨影响，今晚可能发生山洪，请沿河及低洼地带群众立即转移到安全地点。" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item label="播报遍数" name="repeat" rules={[{ required: true }]}>
            <InputNumber min={1} max={MAX_REPEAT} />
          </Form.Item>
          <Form.Item label="语音" name="voice" rules={[{ required: true }]}>
            <Select style={{ width: 220 }} options={voices.map((v) => ({ value: v.id, label: v.name }))} />
          </Form.Item>
          <Form.Item label="有效期" name="validityMinutes" rules={[{ required: true }]}>
            <Select style={{ width: 140 }} options={VALIDITY.map((v) => ({ value: v.minutes, label: v.label }))} />
          </Form.Item>
        </Space>
        <Form.Item>
          <Space>
            <Button onClick={() => navigate('/alerts')}>取消</Button>
            <Button type="primary" danger htmlType="submit">
              下一步：核对
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
