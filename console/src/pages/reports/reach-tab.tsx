import { Alert, Card, Descriptions, Empty, Form, Space, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { CONTENT_STATUS_NAMES } from '../../common/labels';
import { formatDateTime } from '../../common/time';
import { useRequest } from '../../common/use-request';
import { ContentSelect } from './content-select';
import { PeriodBar, periodQuery } from './period-bar';

const iso = (d: unknown) => (d ? String(d) : null);

/** 内容到达: for one notice, which villages and devices aired it, and which were targeted but have not, and why. */
export function ReachTab() {
  const [params] = useSearchParams();
  const contentId = params.get('contentId') || undefined;
  const report = useRequest(
    () => (contentId ? unwrap(api.GET('/api/reports/contents/{id}', { params: { path: { id: contentId }, query: periodQuery(params) } })) : Promise.resolve(undefined)),
    [params.toString()],
  );
  const r = report.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <PeriodBar extraKeys={['contentId']} onRefresh={report.reload}>
        <Form.Item label="内容" name="contentId" rules={[{ required: true, message: '请选择一条内容' }]}>
          <ContentSelect width={260} />
        </Form.Item>
      </PeriodBar>
      {report.error && <Alert type="error" showIcon title={report.error} role="alert" />}
      {!contentId && <Card><Empty description="请选择一条内容，查看哪些村已播出、哪些未播出及原因" /></Card>}
      {contentId && report.loading && !r && <Card loading />}
      {r && (
        <>
          <Card title={`《${r.content.title}》 · ${r.region.name} · ${r.period.label}`}>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
              <Descriptions.Item label="发布部门">{r.content.department || '—'}</Descriptions.Item>
              <Descriptions.Item label="状态">{CONTENT_STATUS_NAMES[r.content.status] ?? r.content.status}</Descriptions.Item>
              <Descriptions.Item label="已播出村">{`${r.summary.airedVillages} / ${r.summary.villages}`}</Descriptions.Item>
              <Descriptions.Item label="已播出设备">{`${r.summary.airedDevices} / ${r.summary.targetedDevices}`}</Descriptions.Item>
              <Descriptions.Item label="完整播出次数">{r.summary.plays}</Descriptions.Item>
              <Descriptions.Item label="生成于">{formatDateTime(iso(r.generatedAt))}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title="按村统计" size="small">
            <Table
              rowKey="code"
              size="small"
              dataSource={r.villages}
              locale={{ emptyText: <Empty description="该周期内没有计划或播出" /> }}
              pagination={r.villages.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
              columns={[
                { title: '村（社区）', dataIndex: 'name' },
                { title: '设备数', dataIndex: 'targetedDevices', align: 'right' },
                { title: '已播出设备', dataIndex: 'airedDevices', align: 'right' },
                { title: '播出次数', dataIndex: 'plays', align: 'right' },
                { title: '首次播出', key: 'first', render: (_, v) => formatDateTime(iso(v.firstAiredAt)) },
                { title: '状态', key: 'state', render: (_, v) => (v.airedDevices === 0 ? <Tag color="red">未播出</Tag> : v.airedDevices < v.targetedDevices ? <Tag color="orange">部分播出</Tag> : <Tag color="green">已播出</Tag>) },
              ]}
            />
          </Card>
          <Card title={`未播出的设备（${r.notAired.length}）`} size="small">
            <Table
              rowKey="deviceId"
              size="small"
              dataSource={r.notAired}
              locale={{ emptyText: <Empty description="计划播出的设备都已播出" /> }}
              pagination={r.notAired.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              columns={[
                { title: '村（社区）', dataIndex: 'regionName' },
                { title: '设备', dataIndex: 'deviceName' },
                { title: '计划播出', dataIndex: 'planned', align: 'right' },
                { title: '原因', key: 'reason', render: (_, d) => <Tag color="red">{d.reasonLabel ?? d.reason ?? '未知'}</Tag> },
              ]}
            />
          </Card>
          <Card title={`已播出的设备（${r.aired.length}）`} size="small">
            <Table
              rowKey="deviceId"
              size="small"
              dataSource={r.aired}
              locale={{ emptyText: <Empty description="还没有设备播出这条内容" /> }}
              pagination={r.aired.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              columns={[
                { title: '村（社区）', dataIndex: 'regionName' },
                { title: '设备', dataIndex: 'deviceName' },
                { title: '播出次数', dataIndex: 'plays', align: 'right' },
                { title: '首次播出', key: 'first', render: (_, d) => formatDateTime(iso(d.firstAiredAt)) },
                { title: '最近播出', key: 'last', render: (_, d) => formatDateTime(iso(d.lastAiredAt)) },
              ]}
            />
          </Card>
          <Typography.Text type="secondary">时间按北京时间显示；未播出原因：设备离线、媒体缺失、静音时段、内容已撤回等。</Typography.Text>
        </>
      )}
    </Space>
  );
}
