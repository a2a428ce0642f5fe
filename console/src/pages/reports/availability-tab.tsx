import { Alert, Button, Card, Empty, Space, Table, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { formatDateTime } from '../../common/time';
import { useRequest } from '../../common/use-request';
import { PeriodBar, periodQuery } from './period-bar';
import { duration, percent } from './report-format';

type Row = components['schemas']['AvailabilityRowResponse'];

/** 在线率: online share per next-level region (or device) from recorded state transitions, with the outage list. */
export function AvailabilityTab() {
  const [params, setParams] = useSearchParams();
  const report = useRequest(() => unwrap(api.GET('/api/reports/availability', { params: { query: periodQuery(params) } })), [params.toString()]);
  const r = report.data;
  const drillTo = (code: string) => {
    const next = new URLSearchParams(params);
    next.set('regionCode', code);
    setParams(next);
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PeriodBar onRefresh={report.reload} />
      {report.error && <Alert type="error" showIcon title={report.error} role="alert" />}
      <Card title={r ? `${r.region.name} · ${r.period.label} · 在线率` : '在线率'} size="small">
        <Table<Row>
          rowKey="key"
          size="small"
          loading={report.loading}
          dataSource={r?.rows ?? []}
          locale={{ emptyText: <Empty description="该范围内没有设备" /> }}
          pagination={(r?.rows.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          columns={[
            {
              title: r?.groupBy === 'device' ? '设备' : '区域',
              key: 'name',
              render: (_, x) => (x.kind === 'region' ? <Button type="link" size="small" style={{ padding: 0 }} onClick={() => drillTo(x.key)}>{x.name}</Button> : x.name),
            },
            { title: '设备数', dataIndex: 'devices', align: 'right' },
            { title: '在线率', key: 'online', align: 'right', render: (_, x) => percent(x.onlineShare) },
            { title: '离线次数', dataIndex: 'outages', align: 'right' },
            { title: '离线时长', key: 'outageSeconds', align: 'right', render: (_, x) => duration(x.outageSeconds) },
          ]}
          summary={() =>
            r && r.rows.length > 0 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}><Typography.Text strong>合计</Typography.Text></Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">{r.totals.devices}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{percent(r.totals.onlineShare)}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{r.totals.outages}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">{duration(r.totals.outageSeconds)}</Table.Summary.Cell>
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      <Card title={`离线清单（${r?.outages.length ?? 0}）`} size="small">
        <Table
          rowKey={(o) => `${o.deviceId}-${String(o.from)}`}
          size="small"
          loading={report.loading}
          dataSource={r?.outages ?? []}
          locale={{ emptyText: <Empty description="该周期内没有设备离线" /> }}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 次` }}
          columns={[
            { title: '设备', dataIndex: 'deviceName' },
            { title: '村（社区）', dataIndex: 'regionName' },
            { title: '离线开始', key: 'from', render: (_, o) => formatDateTime(String(o.from)) },
            { title: '恢复在线', key: 'until', render: (_, o) => (o.until ? formatDateTime(String(o.until)) : '周期结束时仍离线') },
            { title: '周期内离线', key: 'seconds', align: 'right', render: (_, o) => duration(o.seconds) },
          ]}
        />
      </Card>
    </Space>
  );
}
