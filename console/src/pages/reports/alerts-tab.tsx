import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { formatDateTime } from '../../common/time';
import { useRequest } from '../../common/use-request';
import { PeriodBar, periodQuery } from './period-bar';
import { duration, percent } from './report-format';

type Figures = components['schemas']['AlertFiguresResponse'];
const LEVELS: Record<number, { label: string; color: string }> = {
  1: { label: 'I 级（红色）', color: 'red' },
  2: { label: 'II 级（橙色）', color: 'orange' },
  3: { label: 'III 级（黄色）', color: 'gold' },
  4: { label: 'IV 级（蓝色）', color: 'blue' },
};
const STATUS: Record<string, string> = { 'pending-confirmation': '待确认', active: '播发中', cancelled: '已取消', expired: '已结束', exercise: '演练' };

/** Columns shared by the per-alert and per-town tables: reach and timeliness. */
function figureColumns<T extends Figures>() {
  return [
    { title: '覆盖设备', key: 'targeted', align: 'right' as const, render: (_: unknown, x: T) => x.targeted },
    { title: '已收到', key: 'received', align: 'right' as const, render: (_: unknown, x: T) => x.received },
    { title: '已播放', key: 'played', align: 'right' as const, render: (_: unknown, x: T) => x.played },
    { title: '成功', key: 'succeeded', align: 'right' as const, render: (_: unknown, x: T) => x.succeeded },
    { title: '失败', key: 'failed', align: 'right' as const, render: (_: unknown, x: T) => x.failed },
    { title: '取消', key: 'cancelled', align: 'right' as const, render: (_: unknown, x: T) => x.cancelled },
    { title: '回执率', key: 'ack', align: 'right' as const, render: (_: unknown, x: T) => percent(x.ackShare) },
    { title: '首台开播', key: 'first', align: 'right' as const, render: (_: unknown, x: T) => duration(x.firstPlaybackSeconds) },
    { title: '中位开播', key: 'median', align: 'right' as const, render: (_: unknown, x: T) => duration(x.medianPlaybackSeconds) },
    { title: '末台开播', key: 'last', align: 'right' as const, render: (_: unknown, x: T) => duration(x.lastPlaybackSeconds) },
  ];
}

/** 应急广播: alerts sent in a period with reach and timeliness; one alert opened per town. */
export function AlertsTab() {
  const [params, setParams] = useSearchParams();
  const alertId = params.get('alert') || undefined;
  const list = useRequest(() => unwrap(api.GET('/api/reports/alerts', { params: { query: periodQuery(params) } })), [params.toString()]);
  const regionCode = periodQuery(params).regionCode;
  const one = useRequest(
    () => (alertId ? unwrap(api.GET('/api/reports/alerts/{id}', { params: { path: { id: alertId }, query: { regionCode } } })) : Promise.resolve(undefined)),
    [alertId, regionCode],
  );
  const open = (id: string | undefined) => {
    const next = new URLSearchParams(params);
    if (id) next.set('alert', id);
    else next.delete('alert');
    setParams(next);
  };
  const r = list.data;
  type Row = components['schemas']['AlertReportRowResponse'];
  type Town = components['schemas']['AlertTownRowResponse'];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PeriodBar onRefresh={() => { list.reload(); one.reload(); }} />
      {list.error && <Alert type="error" showIcon title={list.error} role="alert" />}
      <Card title={r ? `${r.region.name} · ${r.period.label} · 应急广播 ${r.rows.length} 次` : '应急广播'} size="small">
        <Table<Row>
          rowKey="alertId"
          size="small"
          loading={list.loading}
          dataSource={r?.rows ?? []}
          scroll={{ x: 1300 }}
          locale={{ emptyText: <Empty description="该周期内没有应急广播" /> }}
          pagination={(r?.rows.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          columns={[
            { title: '广播', key: 'title', fixed: 'left', render: (_, x) => <Button type="link" size="small" style={{ padding: 0 }} onClick={() => open(x.alertId)}>{x.alertTitle}</Button> },
            { title: '级别', key: 'level', render: (_, x) => <Tag color={LEVELS[x.level]?.color}>{LEVELS[x.level]?.label ?? x.level}</Tag> },
            { title: '状态', key: 'status', render: (_, x) => STATUS[x.status] ?? x.status },
            { title: '发出时间', key: 'sentAt', render: (_, x) => formatDateTime(String(x.sentAt)) },
            ...figureColumns<Row>(),
          ]}
          summary={() =>
            r && r.rows.length > 0 ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={4}><Typography.Text strong>合计</Typography.Text></Table.Summary.Cell>
                {figureColumns<Figures>().map((c, i) => (
                  <Table.Summary.Cell key={c.key} index={i + 4} align="right">{c.render(undefined, r.totals)}</Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
      </Card>
      {alertId && (
        <Card
          size="small"
          title={one.data ? `《${one.data.alert.alertTitle}》各乡镇时效` : '各乡镇时效'}
          extra={<Button size="small" onClick={() => open(undefined)}>关闭</Button>}
        >
          {one.error && <Alert type="error" showIcon title={one.error} role="alert" />}
          <Table<Town>
            rowKey="code"
            size="small"
            loading={one.loading}
            dataSource={one.data?.towns ?? []}
            scroll={{ x: 1100 }}
            locale={{ emptyText: <Empty description="这次广播没有覆盖设备" /> }}
            pagination={false}
            columns={[{ title: '乡镇', dataIndex: 'name', fixed: 'left' }, ...figureColumns<Town>()]}
          />
          <Typography.Text type="secondary">开播时效从广播发出算起。</Typography.Text>
        </Card>
      )}
    </Space>
  );
}
