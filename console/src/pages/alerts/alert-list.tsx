import { Alert, Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography, App as AntApp } from 'antd';
import { AlertOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../api/client';
import { formatDateTime } from '../../common/time';
import { usePolling } from '../../common/use-polling';
import { useRegions } from '../../common/use-regions';
import { alertApi } from './alert-api';
import { levelInfo, STATUS_NAMES } from './alert-levels';
import type { AlertView } from './alert-types';

const REFRESH_MS = 3_000;

/** The CAP queue (alerts waiting for a duty officer) above every alert sent, newest first. */
export default function AlertList() {
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { nameOf } = useRegions();
  const list = usePolling(alertApi.list, REFRESH_MS);
  const alerts = list.data ?? [];
  const waiting = alerts.filter((a) => a.status === 'pending-confirmation');

  async function confirm(a: AlertView) {
    try {
      await alertApi.confirm(a.id);
      message.success('已确认播发');
      navigate(`/alerts/${a.id}`);
    } catch (err) {
      message.error(errorMessage(err));
    }
  }

  async function discard(a: AlertView) {
    try {
      await unwrap(api.POST('/api/alerts/{id}/discard' as never, { params: { path: { id: a.id } }, headers: { 'x-sunshine-source': 'console' } } as never));
      message.success('已放弃，不会播出');
      list.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>应急广播</Typography.Title>
        <Button type="primary" danger icon={<AlertOutlined />} onClick={() => navigate('/alerts/new')}>
          发布应急广播
        </Button>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error} role="alert" />}
      {waiting.length > 0 && (
        <Card title={`待确认的 CAP 预警（${waiting.length}）`} styles={{ header: { background: '#fff7e6' } }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {waiting.map((a) => {
              const info = levelInfo(a.level);
              return (
                <Card key={a.id} size="small" type="inner" title={<Space><Tag color={info.tag}>{`${info.level} 级 · ${info.name}`}</Tag>{a.title}</Space>}
                  extra={
                    <Space>
                      <Popconfirm title="确认播发这条预警？目标区域的终端将立即播出。" okText="确认播发" okButtonProps={{ danger: true }} cancelText="再想想" onConfirm={() => confirm(a)}>
                        <Button type="primary" danger size="small">确认播发</Button>
                      </Popconfirm>
                      <Popconfirm title="放弃这条预警？它将不会播出。" okText="放弃" cancelText="保留" onConfirm={() => discard(a)}>
                        <Button size="small">放弃</Button>
                      </Popconfirm>
                    </Space>
                  }
                >
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                    {`来源：${a.cap?.sender ?? '—'}（编号 ${a.cap?.identifier ?? '—'}，发送于 ${formatDateTime(a.cap?.sent)}）`}
                  </Typography.Paragraph>
                  <Typography.Paragraph style={{ marginBottom: 4 }}>{`目标区域：${a.regionCodes.map((c) => nameOf(c)).join('、')}（${a.targetedDevices} 台终端）`}</Typography.Paragraph>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{a.text}</Typography.Paragraph>
                </Card>
              );
            })}
          </Space>
        </Card>
      )}
      <Card>
        <Table<AlertView>
          rowKey="id"
          loading={list.loading && !list.data}
          dataSource={alerts}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description="还没有应急广播" /> }}
          columns={[
            { title: '级别', key: 'level', width: 110, render: (_, a) => { const i = levelInfo(a.level); return <Tag color={i.tag}>{`${i.level} 级 ${i.name}`}</Tag>; } },
            { title: '标题', key: 'title', render: (_, a) => <Link to={`/alerts/${a.id}`}>{a.title}</Link> },
            { title: '状态', key: 'status', width: 110, render: (_, a) => STATUS_NAMES[a.status] ?? a.status },
            { title: '目标区域', key: 'regions', render: (_, a) => a.regionCodes.map((c) => nameOf(c)).join('、') },
            { title: '发布时间', key: 'at', width: 150, render: (_, a) => formatDateTime(a.publishedAt ?? a.createdAt) },
            { title: '播放成功', key: 'ok', width: 100, align: 'right', render: (_, a) => `${a.counts.success}/${a.targetedDevices}` },
          ]}
        />
      </Card>
    </Space>
  );
}
