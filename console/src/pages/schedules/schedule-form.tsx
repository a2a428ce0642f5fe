import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, List, Radio, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../api/client';
import { CONFLICT_KIND_NAMES, DEVICE_KIND_OPTIONS } from '../../common/labels';
import { RegionTreeSelect } from '../../common/region-tree-select';
import { formatDateTime } from '../../common/time';
import { useDebounced, useRequest } from '../../common/use-request';
import { listItems } from '../../common/page';

import { buildBody, groupConflicts, HHMM, PRESETS, WEEKDAYS, WORKDAYS, type Body, type FormValues, type Preview } from './schedule-body';

function PreviewPanel({ state }: { state: { loading: boolean; error: string | null; preview: Preview | null; missing: string | null } }) {
  const { loading, error, preview, missing } = state;
  if (missing) return <Alert type="info" showIcon message={missing} description="填好内容、播出对象和时间后，这里会在保存前列出覆盖的设备、播出时刻和冲突。" />;
  if (error) return <Alert type="error" showIcon message="无法预览" description={error} />;
  if (!preview) return <Spin tip="正在检查…"><div style={{ height: 80 }} /></Spin>;
  const groups = groupConflicts(preview.conflicts);
  return (
    <Spin spinning={loading}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph style={{ margin: 0 }}>
          <Typography.Text type="secondary">播出规则：</Typography.Text>
          <Typography.Text strong data-testid="rule-text">
            {preview.ruleText}
          </Typography.Text>
        </Typography.Paragraph>
        <Typography.Paragraph style={{ margin: 0 }} data-testid="preview-device-count">
          <Typography.Text type="secondary">覆盖设备：</Typography.Text>
          <Typography.Text strong>{preview.deviceCount} 台</Typography.Text>
          {preview.devices.length > 0 && (
            <Typography.Text type="secondary">
              （{preview.devices.slice(0, 5).map((d) => d.name).join('、')}
              {preview.deviceCount > 5 ? ' 等' : ''}）
            </Typography.Text>
          )}
        </Typography.Paragraph>
        <div>
          <Typography.Text type="secondary">接下来的播出：</Typography.Text>
          {preview.nextOccurrences.length === 0 ? (
            <Typography.Text>无</Typography.Text>
          ) : (
            <Space size={[4, 4]} wrap>
              {preview.nextOccurrences.slice(0, 6).map((t) => (
                <Tag key={t}>{formatDateTime(t)}</Tag>
              ))}
            </Space>
          )}
        </div>
        {groups.length === 0 ? (
          <Alert type="success" showIcon message="没有冲突" />
        ) : (
          <Alert
            type="warning"
            showIcon
            role="alert"
            message={`发现 ${groups.length} 项冲突：保存后这些播出不会进行`}
            description={
              <List
                size="small"
                dataSource={groups.slice(0, 8)}
                renderItem={(g) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <Tag color={g.kind === 'quiet-hours' ? 'orange' : 'red'}>{CONFLICT_KIND_NAMES[g.kind] ?? g.kind}</Tag>
                    {g.message}（{g.devices} 台设备）
                  </List.Item>
                )}
                footer={groups.length > 8 ? `另有 ${groups.length - 8} 项` : undefined}
              />
            }
          />
        )}
      </Space>
    </Spin>
  );
}

/** New schedule: content, targets with their device count, when, and the conflicts before saving. */
export function ScheduleForm() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const values = Form.useWatch([], form) as FormValues | undefined;
  const contents = useRequest(() => unwrap(api.GET('/api/contents', { params: { query: { status: 'approved', pageSize: 200 } } })), []);
  const approved = useMemo(() => listItems(contents.data).filter((c) => c.status === 'approved' && c.approvedRevisionId), [contents.data]);
  const built = useMemo(() => buildBody(values ?? { mode: 'weekly' }), [values]);
  const bodyKey = 'body' in built ? JSON.stringify(built.body) : '';
  const settledKey = useDebounced(bodyKey, 400);
  const [preview, setPreview] = useState<{ loading: boolean; error: string | null; preview: Preview | null }>({ loading: false, error: null, preview: null });
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!settledKey) return;
    let live = true;
    setPreview((p) => ({ ...p, loading: true }));
    unwrap(api.POST('/api/schedules/preview', { body: JSON.parse(settledKey) as Body })).then(
      (r) => live && setPreview({ loading: false, error: null, preview: r }),
      (err: unknown) => live && setPreview({ loading: false, error: errorMessage(err), preview: null }),
    );
    return () => {
      live = false;
    };
  }, [settledKey]);

  const save = async () => {
    if (!('body' in built)) {
      message.warning(built.missing);
      return;
    }
    setSaving(true);
    try {
      const r = await unwrap(api.POST('/api/schedules', { body: built.body }));
      const skipped = r.conflicts.length;
      message.success(`排期已保存，覆盖 ${r.targetedDevices.length} 台设备${skipped ? `；${skipped} 个播出因冲突不会进行` : ''}`);
      navigate('/schedules?tab=list');
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const mode = values?.mode ?? 'weekly';
  const stale = 'body' in built && bodyKey !== settledKey;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        新建排期
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card>
            <Form<FormValues> form={form} layout="vertical" initialValues={{ mode: 'weekly', weekdays: WORKDAYS, weeklyTime: '07:00', repeat: 1 }} onFinish={save}>
              <Form.Item label="内容" name="contentId" extra={contents.error ? `内容加载失败：${contents.error}` : '只能排期已审核通过的内容'}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={contents.loading}
                  placeholder="选择已审核通过的内容"
                  notFoundContent={contents.loading ? '加载中…' : '没有已审核通过的内容'}
                  options={approved.map((c) => ({ value: c.id, label: c.latest.title }))}
                />
              </Form.Item>
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                message="播出对象：设备在所选区域内、或属于所选类型、或带有所选标签，满足任一项即播出。下方设备数是合计。"
              />
              <Form.Item label="播出区域" name="regionCodes">
                <RegionTreeSelect kinds={values?.kinds} tags={values?.tags} />
              </Form.Item>
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item label="设备类型" name="kinds" extra="勾选后覆盖全区该类型的所有设备">
                    <Checkbox.Group options={DEVICE_KIND_OPTIONS} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label="设备标签" name="tags" extra="覆盖带该标签的所有设备">
                    <Select mode="tags" placeholder="输入标签后回车" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label="播出方式" name="mode">
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'weekly', label: '按星期' },
                    { value: 'times', label: '定时' },
                    { value: 'preset', label: '常用规则' },
                    { value: 'rrule', label: '重复规则' },
                    { value: 'now', label: '立即播出' },
                    { value: 'loop', label: '屏幕轮播' },
                  ]}
                />
              </Form.Item>
              {mode === 'weekly' && (
                <>
                  <Form.Item label="星期" name="weekdays">
                    <Checkbox.Group options={WEEKDAYS} />
                  </Form.Item>
                  <Form.Item label="播出时刻" name="weeklyTime" rules={[{ pattern: HHMM, message: '请按 HH:MM 填写，如 07:00' }]}>
                    <Input placeholder="07:00" style={{ width: 120 }} />
                  </Form.Item>
                </>
              )}
              {mode === 'times' && (
                <Form.Item label="播出时刻" name="times" extra="“07:00” 表示每天，“2026-12-05T18:30” 表示一次；可填多个，回车分隔">
                  <Select mode="tags" placeholder="07:00" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
                </Form.Item>
              )}
              {mode === 'preset' && (
                <Form.Item label="常用规则" name="preset">
                  <Select options={PRESETS} placeholder="选择常用规则" />
                </Form.Item>
              )}
              {mode === 'rrule' && (
                <>
                  <Form.Item label="重复规则（RRULE）" name="rrule" extra="RFC 5545，北京时间，如 FREQ=WEEKLY;BYDAY=MO;BYHOUR=8;BYMINUTE=0">
                    <Input placeholder="FREQ=DAILY;BYHOUR=12;BYMINUTE=0" />
                  </Form.Item>
                  <Form.Item label="起始时刻" name="dtstart" extra="北京时间 YYYY-MM-DDTHH:MM，默认今天 00:00">
                    <Input placeholder="2026-12-07T00:00" style={{ width: 220 }} />
                  </Form.Item>
                </>
              )}
              {mode === 'loop' && <Alert type="info" showIcon style={{ marginBottom: 16 }} message="屏幕轮播：在电视和 LED 屏的开放时段内循环播放，喇叭不参与轮播。" />}
              <Form.Item label="每次连播遍数" name="repeat">
                <InputNumber min={1} max={5} />
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={saving} disabled={!('body' in built)}>
                  保存排期
                </Button>
                <Button onClick={() => navigate('/schedules')}>返回</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="保存前检查" extra={stale || preview.loading ? <Typography.Text type="secondary">检查中…</Typography.Text> : null}>
            <PreviewPanel state={{ ...preview, missing: 'missing' in built ? built.missing : null }} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
