import { lazy, Suspense } from 'react';
import { Alert, Breadcrumb, Button, Card, Empty, Form, Input, InputNumber, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { allowed } from '../../auth/roles';
import { useAuth } from '../../auth/auth-context';
import { formatDateTime } from '../../common/time';
import { useRegions } from '../../common/use-regions';
import { useRequest } from '../../common/use-request';
import { ContentSelect } from './content-select';
import { ExportButtons, type ExportFormat } from './export-buttons';
import { saveFile } from './save-file';
import { PeriodBar, periodQuery } from './period-bar';
import { CATEGORY_OPTIONS, duration, percent, playLogsPageLink, reasonsText, regionChain, thresholdOf } from './report-format';

const CoverageChart = lazy(() => import('./coverage-chart'));

type Row = components['schemas']['CoverageRowResponse'];
type Totals = components['schemas']['CoverageTotalsResponse'];
type Category = (typeof CATEGORY_OPTIONS)[number]['value'];

const UNIT: Record<string, string> = { province: '市', city: '县（区）', county: '乡镇', town: '村（社区）', village: '设备' };

/** 覆盖率: planned vs aired per next-level region (or device), totals, flagged rows, drill-down and ranking chart. */
export function CoverageTab() {
  const [params, setParams] = useSearchParams();
  const { regions } = useRegions();
  const canReadLogs = allowed(useAuth().user?.roles ?? [], ['operator', 'reviewer', 'editor']);
  const category = (params.get('category') || undefined) as Category | undefined;
  const contentId = params.get('contentId') || undefined;
  const department = params.get('department') || undefined;
  const threshold = thresholdOf(params);
  const query = { ...periodQuery(params), category, contentId, department, threshold };
  const report = useRequest(() => unwrap(api.GET('/api/reports/coverage', { params: { query } })), [params.toString()]);
  const exportAs = async (format: ExportFormat) =>
    saveFile(await api.GET('/api/reports/coverage/export', { params: { query: { ...query, format } }, parseAs: 'blob' }), `播出覆盖报表.${format}`);
  const r = report.data;

  function drillTo(code: string) {
    const next = new URLSearchParams(params);
    next.set('regionCode', code);
    setParams(next);
  }

  const unit = r ? (r.groupBy === 'device' ? '设备' : (UNIT[r.region.level] ?? '区划')) : '区划';
  const cell = (x: Totals) => ({
    devices: x.devices,
    planned: x.planned,
    aired: x.aired,
    completion: percent(x.completion),
    airtime: duration(x.airtimeSeconds),
    interrupted: x.interrupted,
    failed: x.failed,
    reasons: reasonsText(x.failedByReason),
    notReported: x.notReported,
    online: percent(x.onlineShare),
  });
  const numberCols = [
    { key: 'devices', title: '设备数' },
    { key: 'planned', title: '计划播出' },
    { key: 'aired', title: '完整播出' },
  ] as const;
  const moreCols = [
    { key: 'airtime', title: '播出时长' },
    { key: 'interrupted', title: '中断' },
    { key: 'failed', title: '失败' },
  ] as const;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PeriodBar extraKeys={['category', 'contentId', 'department', 'threshold']} onRefresh={report.reload}>
        <Form.Item label="类别" name="category">
          <Select allowClear placeholder="全部" style={{ width: 120 }} options={[...CATEGORY_OPTIONS]} />
        </Form.Item>
        <Form.Item label="内容" name="contentId">
          <ContentSelect width={200} />
        </Form.Item>
        <Form.Item label="发布部门" name="department">
          <Input allowClear placeholder="如 栖凤区医保局" style={{ width: 150 }} />
        </Form.Item>
        <Form.Item label="合格线" name="threshold">
          <InputNumber min={0} max={100} placeholder="90" suffix="%" style={{ width: 100 }} />
        </Form.Item>
      </PeriodBar>
      {report.error && <Alert type="error" showIcon title={report.error} role="alert" />}
      {r && (
        <Breadcrumb
          items={regionChain(regions, r.region.code).map((g, i, all) => ({
            key: g.code,
            title: i === all.length - 1 ? <span aria-current="page">{g.name}</span> : <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => drillTo(g.code)}>{g.name}</Button>,
          }))}
        />
      )}
      <Card
        title={r ? `${r.region.name} · ${r.period.label} · 按${unit}统计` : '播出覆盖'}
        extra={
          r && (
            <Space size="middle" wrap>
              <Typography.Text type="secondary">{`合格线 ${percent(r.threshold)} · 生成于 ${formatDateTime(r.generatedAt as unknown as string)}`}</Typography.Text>
              <ExportButtons download={exportAs} />
            </Space>
          )
        }
      >
        <style>{'.report-row-flagged > td { background: #fff1f0 !important; }'}</style>
        <Table<Row>
          rowKey="key"
          size="small"
          loading={report.loading}
          dataSource={r?.rows ?? []}
          scroll={{ x: 1100 }}
          rowClassName={(row) => (row.flagged ? 'report-row-flagged' : '')}
          locale={{ emptyText: <Empty description="该周期内没有计划播出" /> }}
          pagination={(r?.rows.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false, showTotal: (t) => `共 ${t} 行` } : false}
          columns={[
            {
              title: unit,
              key: 'name',
              fixed: 'left',
              render: (_, row) => (
                <Space size={4}>
                  {row.kind === 'region' ? (
                    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => drillTo(row.key)} aria-label={`下钻到${row.name}`}>{row.name}</Button>
                  ) : canReadLogs && row.playLogs ? (
                    <Link to={playLogsPageLink(row.playLogs)!} aria-label={`${row.name}的播放记录`}>{row.name}</Link>
                  ) : (
                    row.name
                  )}
                  {row.flagged && <Tag color="red">低于合格线</Tag>}
                </Space>
              ),
            },
            ...numberCols.map((c) => ({ title: c.title, key: c.key, align: 'right' as const, render: (_: unknown, row: Row) => cell(row)[c.key] })),
            { title: '完成率', key: 'completion', align: 'right' as const, render: (_: unknown, row: Row) => <Typography.Text type={row.flagged ? 'danger' : undefined} strong>{percent(row.completion)}</Typography.Text> },
            ...moreCols.map((c) => ({ title: c.title, key: c.key, align: 'right' as const, render: (_: unknown, row: Row) => cell(row)[c.key] })),
            { title: '失败原因', key: 'reasons', ellipsis: true, render: (_: unknown, row: Row) => cell(row).reasons },
            { title: '未回传', key: 'notReported', align: 'right' as const, render: (_: unknown, row: Row) => row.notReported },
            { title: '在线率', key: 'online', align: 'right' as const, render: (_: unknown, row: Row) => percent(row.onlineShare) },
          ]}
          summary={() =>
            r && r.rows.length > 0 ? (
              <Table.Summary fixed>
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}><Typography.Text strong>合计</Typography.Text></Table.Summary.Cell>
                  {(['devices', 'planned', 'aired', 'completion', 'airtime', 'interrupted', 'failed', 'reasons', 'notReported', 'online'] as const).map((k, i) => (
                    <Table.Summary.Cell key={k} index={i + 1} align={k === 'reasons' ? 'left' : 'right'}>
                      <Typography.Text strong={k === 'completion'}>{cell(r.totals)[k]}</Typography.Text>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
        {r?.groupBy === 'device' && !canReadLogs && <Typography.Text type="secondary">播放记录仅运维、审核员、编辑可查看。</Typography.Text>}
      </Card>
      {r && r.rows.length > 0 && (
        <Card title={`各${unit}完成率排名`} size="small">
          <Suspense fallback={<Spin />}>
            <CoverageChart rows={r.rows} threshold={r.threshold} title={`${r.region.name}${r.period.label}各${unit}完成率`} />
          </Suspense>
          <Typography.Text type="secondary">红色为低于合格线的{unit}。接口暂未提供按周趋势，故不显示趋势线。</Typography.Text>
        </Card>
      )}
    </Space>
  );
}
