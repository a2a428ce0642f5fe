import { useState } from 'react';
import { Alert, Card, DatePicker, Descriptions, Empty, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { DEVICE_KIND_NAMES, PRIORITY_NAMES } from '../../common/labels';
import { dayjs, formatTime, TIME_ZONE, todayLocal } from '../../common/time';
import { useDebounced, useRequest } from '../../common/use-request';
import { listItems } from '../../common/page';

type Item = components['schemas']['TimelineItemView'];

const STATUS: Record<Item['status'], { text: string; color: string }> = {
  plays: { text: '播出', color: 'green' },
  'dropped-quiet-hours': { text: '静音时段跳过', color: 'orange' },
  overlap: { text: '重叠让位', color: 'volcano' },
  'no-media': { text: '缺少媒体', color: 'red' },
  'pre-empted': { text: '被应急广播打断', color: 'purple' },
};

/** Notices last seconds, so the end is shown to the second ("07:00–07:00:21"). */
function clockSeconds(iso: string): string {
  return dayjs(iso).tz(TIME_ZONE).format('HH:mm:ss');
}

const KIND_NAMES: Record<Item['kind'], string> = { slot: '定时', loop: '轮播', alert: '应急广播' };

/** Picks a device by name or id, searching on the server (a county may have thousands). */
function DevicePicker({ value, onChange, id }: { value?: string; onChange: (v: string) => void; id?: string }) {
  const [q, setQ] = useState('');
  const query = useDebounced(q, 300);
  const found = useRequest(() => unwrap(api.GET('/api/devices', { params: { query: { page: 1, pageSize: 30, ...(query ? { q: query } : {}) } } })), [query]);
  const options = listItems(found.data).map((d) => ({ value: d.id, label: `${d.name}（${d.id}）` }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <Select
      id={id}
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      onChange={onChange}
      options={options}
      loading={found.loading}
      placeholder="输入设备名称或编号搜索"
      notFoundContent={found.error ? `加载失败：${found.error}` : found.loading ? '加载中…' : '没有匹配的设备'}
      style={{ width: 380, maxWidth: '100%' }}
    />
  );
}

/**
 * One device's day: every item it will play, when, and why — computed on the server by the same compiler and
 * "what plays now" evaluator the agent runs, including what quiet hours dropped and what was pre-empted.
 */
export function DeviceTimeline() {
  const { deviceId } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const date = params.get('date') ?? todayLocal();
  const timeline = useRequest(
    () => (deviceId ? unwrap(api.GET('/api/devices/{id}/timeline', { params: { path: { id: deviceId }, query: { date } } })) : Promise.resolve(undefined)),
    [deviceId, date],
  );
  const device = useRequest(() => (deviceId ? unwrap(api.GET('/api/devices/{id}', { params: { path: { id: deviceId } } })) : Promise.resolve(undefined)), [deviceId]);
  const go = (id: string | undefined, d: string) => navigate(`/schedules/timeline${id ? `/${encodeURIComponent(id)}` : ''}?date=${d}`, { replace: !!deviceId });

  const columns: ColumnsType<Item> = [
    { title: '时间', key: 'time', width: 150, render: (_, i) => `${formatTime(i.start)}${i.end ? `–${clockSeconds(i.end)}` : ''}` },
    { title: '内容', dataIndex: 'title', render: (t: string, i) => (i.status === 'plays' ? t : <Typography.Text delete={i.status !== 'pre-empted'}>{t}</Typography.Text>) },
    { title: '类型', dataIndex: 'kind', width: 90, render: (k: Item['kind']) => KIND_NAMES[k] ?? k },
    { title: '优先级', dataIndex: 'priority', width: 80, render: (p: string) => <Tag color={p === 'emergency' ? 'red' : p === 'timed' ? 'blue' : 'default'}>{PRIORITY_NAMES[p] ?? p}</Tag> },
    { title: '结果', dataIndex: 'status', width: 130, render: (s: Item['status']) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.text ?? s}</Tag> },
    { title: '原因', dataIndex: 'reason' },
    { title: '排期', dataIndex: 'scheduleId', width: 110, render: (s: string | null, i) => (s ? <Typography.Text code>{s.slice(0, 8)}</Typography.Text> : i.alertId ? '应急广播' : '—') },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        终端播出时间线
      </Typography.Title>
      <Card>
        <Form layout="inline">
          <Form.Item label="设备" htmlFor="timeline-device">
            <DevicePicker id="timeline-device" value={deviceId} onChange={(id) => go(id, date)} />
          </Form.Item>
          <Form.Item label="日期" htmlFor="timeline-date">
            <DatePicker id="timeline-date" allowClear={false} value={dayjs.tz(date, TIME_ZONE)} onChange={(d) => d && go(deviceId, d.format('YYYY-MM-DD'))} />
          </Form.Item>
        </Form>
      </Card>
      {!deviceId ? (
        <Empty description="请选择一台设备，查看它这一天每个时刻播什么、为什么" />
      ) : (
        <>
          {device.data && (
            <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 4 }}>
              <Descriptions.Item label="设备">{device.data.name}</Descriptions.Item>
              <Descriptions.Item label="类型">{DEVICE_KIND_NAMES[device.data.kind] ?? device.data.kind}</Descriptions.Item>
              <Descriptions.Item label="静音时段">
                {(timeline.data?.quietHours ?? device.data.quietHours).map((h) => `${h.from}–${h.until}`).join('、') || '无'}
              </Descriptions.Item>
              <Descriptions.Item label="时区">{timeline.data?.timeZone ?? TIME_ZONE}</Descriptions.Item>
            </Descriptions>
          )}
          {(timeline.error || device.error) && <Alert type="error" showIcon message={`时间线加载失败：${timeline.error ?? device.error}`} />}
          <Table<Item>
            rowKey={(i) => `${i.start}-${i.scheduleId ?? i.alertId ?? ''}-${i.status}-${i.title}`}
            size="middle"
            columns={columns}
            dataSource={timeline.data?.items ?? []}
            loading={timeline.loading}
            pagination={(timeline.data?.items.length ?? 0) > 100 ? { pageSize: 100 } : false}
            locale={{ emptyText: `${date} 这台设备没有要播出的内容` }}
            scroll={{ x: 900 }}
          />
        </>
      )}
    </Space>
  );
}
