import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { dayjs, formatDateTimeSeconds, TIME_ZONE } from '../../common/time';
import { listItems, listTotal } from '../../common/page';
import { usePolling } from '../../common/use-polling';
import { useRegions } from '../../common/use-regions';

const PAGE_SIZE = 50;
const OUTCOMES: Record<string, { label: string; color: string }> = {
  completed: { label: '播放完成', color: 'green' },
  interrupted: { label: '被打断', color: 'orange' },
  failed: { label: '播放失败', color: 'red' },
};

interface Filters {
  title?: string;
  deviceId?: string;
  regionCode?: string;
  contentId?: string;
  outcome?: 'completed' | 'interrupted' | 'failed';
  from?: string;
  to?: string;
}

/** Filters live in the address, so a search can be bookmarked or sent to a colleague. */
function filtersOf(params: URLSearchParams): Filters & { page: number } {
  const get = (k: string) => params.get(k) || undefined;
  return {
    title: get('title'),
    deviceId: get('deviceId'),
    regionCode: get('regionCode'),
    contentId: get('contentId'),
    outcome: get('outcome') as Filters['outcome'],
    from: get('from'),
    to: get('to'),
    page: Number(params.get('page') ?? 1) || 1,
  };
}

/** 播放记录: every proven airing, searched and paginated on the server (thousands a day per county). */
export default function PlaylogsPage() {
  const [params, setParams] = useSearchParams();
  const f = filtersOf(params);
  const { tree, nameOf } = useRegions();
  const [form] = Form.useForm();
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs] | null>(f.from && f.to ? [dayjs(f.from), dayjs(f.to)] : null);
  const logs = usePolling(
    () => unwrap(api.GET('/api/playlogs', { params: { query: { ...stripEmpty(f), page: f.page, pageSize: PAGE_SIZE } } })),
    0,
    [params.toString()],
  );

  function search(values: Filters) {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...values, from: range?.[0]?.toISOString(), to: range?.[1]?.toISOString() })) if (v) next.set(k, String(v).trim());
    setParams(next);
  }

  const items = listItems(logs.data);
  const total = listTotal(logs.data);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>播放记录</Typography.Title>
      <Card>
        <Form form={form} layout="inline" initialValues={f} onFinish={search} style={{ rowGap: 8 }}>
          <Form.Item label="区域" name="regionCode">
            <TreeSelect treeData={tree} allowClear placeholder="全部区域" style={{ width: 180 }} treeDefaultExpandAll />
          </Form.Item>
          <Form.Item label="终端编号" name="deviceId">
            <Input allowClear placeholder="如 spk-510811100201-01" style={{ width: 210 }} />
          </Form.Item>
          <Form.Item label="内容标题" name="title">
            <Input allowClear placeholder="标题中的文字" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label="结果" name="outcome">
            <Select allowClear placeholder="全部" style={{ width: 120 }} options={Object.entries(OUTCOMES).map(([value, o]) => ({ value, label: o.label }))} />
          </Form.Item>
          <Form.Item label="时间">
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" value={range} onChange={(v) => setRange(v as [dayjs.Dayjs, dayjs.Dayjs] | null)} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">查询</Button>
              <Button onClick={() => { form.resetFields(); setRange(null); setParams(new URLSearchParams()); }}>重置</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {logs.error && <Alert type="error" showIcon title={logs.error} role="alert" />}
      <Card>
        <Table
          rowKey="id"
          size="small"
          loading={logs.loading}
          dataSource={items}
          locale={{ emptyText: <Empty description="没有符合条件的播放记录" /> }}
          pagination={{
            current: f.page,
            pageSize: PAGE_SIZE,
            total,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 条`,
            onChange: (p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            },
          }}
          columns={[
            { title: '开始时间', key: 'startedAt', width: 170, render: (_, r) => formatDateTimeSeconds(r.startedAt) },
            { title: '终端', key: 'device', render: (_, r) => r.deviceName ?? r.deviceId },
            { title: '区域', key: 'region', render: (_, r) => (r.regionCode ? nameOf(r.regionCode) : '—') },
            { title: '内容', key: 'content', ellipsis: true, render: (_, r) => r.contentTitle ?? r.contentId },
            { title: '时长', key: 'ms', width: 90, align: 'right', render: (_, r) => `${(r.playedMs / 1000).toFixed(1)} 秒` },
            { title: '结果', key: 'outcome', width: 100, render: (_, r) => <Tag color={OUTCOMES[r.outcome]?.color}>{OUTCOMES[r.outcome]?.label ?? r.outcome}</Tag> },
            { title: '原因', dataIndex: 'reason', ellipsis: true, render: (v: string | null) => v ?? '' },
          ]}
        />
      </Card>
      <Typography.Text type="secondary">{`时间按 ${TIME_ZONE === 'Asia/Shanghai' ? '北京时间' : TIME_ZONE} 显示`}</Typography.Text>
    </Space>
  );
}

function stripEmpty(f: Filters): Filters {
  return Object.fromEntries(Object.entries(f).filter(([k, v]) => k !== 'page' && v !== undefined && v !== '')) as Filters;
}
