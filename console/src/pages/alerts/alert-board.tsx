import { useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Empty, Input, Popconfirm, Progress, Row, Space, Spin, Statistic, Table, Tag, Typography, App as AntApp } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../common/time';
import { usePolling } from '../../common/use-polling';
import { useRegions } from '../../common/use-regions';
import { alertApi } from './alert-api';
import { DELIVERY_NAMES, DELIVERY_STATES, levelInfo, STATUS_NAMES } from './alert-levels';
import type { StateCounts } from './alert-types';

const LIVE_MS = 1_000;
const IDLE_MS = 10_000;

function stateColumns() {
  return DELIVERY_STATES.map((s) => ({
    title: DELIVERY_NAMES[s],
    key: s,
    align: 'right' as const,
    render: (_: unknown, row: { byState: StateCounts }) => row.byState[s],
  }));
}

/** The live board: answers per state and per town, who has not answered, refreshed every second while it airs. */
export default function AlertBoard() {
  const { id = '' } = useParams();
  const { message } = AntApp.useApp();
  const { nameOf } = useRegions();
  const [live, setLive] = useState(true);
  const [reason, setReason] = useState('');
  const board = usePolling(async () => {
    const a = await alertApi.get(id);
    setLive(a.status === 'active' || a.status === 'pending-confirmation');
    return a;
  }, live ? LIVE_MS : IDLE_MS, [id]);

  if (board.loading && !board.data) return <Spin tip="加载中…"><div style={{ height: 200 }} /></Spin>;
  if (!board.data) return <Alert type="error" showIcon title={board.error ?? '加载失败'} role="alert" />;
  const a = board.data;
  const info = levelInfo(a.level);
  const answered = a.deliveries.total - a.deliveries.byState.waiting;

  async function cancel() {
    try {
      await alertApi.cancel(a.id, reason.trim() || undefined);
      message.success('已撤销，终端将停止播放');
      board.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/alerts">应急广播</Link> }, { title: a.title }]} />
      {board.error && <Alert type="warning" showIcon title={`刷新失败：${board.error}（显示的是上次的数据）`} />}
      <Card
        title={
          <Space>
            <Tag color={info.tag}>{`${info.level} 级 · ${info.name}`}</Tag>
            <span>{a.title}</span>
            <Tag data-testid="alert-status">{STATUS_NAMES[a.status] ?? a.status}</Tag>
          </Space>
        }
        extra={
          a.status === 'active' && (
            <Popconfirm
              title="撤销这条应急广播？"
              description={<Input placeholder="撤销原因（可选）" value={reason} onChange={(e) => setReason(e.target.value)} />}
              okText="撤销"
              okButtonProps={{ danger: true }}
              cancelText="不撤销"
              onConfirm={cancel}
            >
              <Button danger>撤销广播</Button>
            </Popconfirm>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="目标区域">{a.regionCodes.map((c) => nameOf(c)).join('、')}</Descriptions.Item>
          <Descriptions.Item label="发布时间">{formatDateTime(a.publishedAt ?? a.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="有效期至">{formatDateTime(a.expiresAt)}</Descriptions.Item>
          <Descriptions.Item label="来源">{a.source === 'cap' ? `CAP（${a.cap?.sender ?? ''}）` : a.source === 'console' ? '控制台' : '接口'}</Descriptions.Item>
          <Descriptions.Item label="播报遍数">{a.repeat}</Descriptions.Item>
          {a.endedAt && <Descriptions.Item label="结束时间">{formatDateTime(a.endedAt)}</Descriptions.Item>}
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#fafafa', padding: 12 }}>{a.text}</Typography.Paragraph>
      </Card>

      <Card title={`终端应答（目标 ${a.deliveries.total} 台）`}>
        <Progress percent={a.deliveries.total ? Math.round((answered / a.deliveries.total) * 100) : 0} format={() => `已应答 ${answered}/${a.deliveries.total}`} />
        <Row gutter={16} style={{ marginTop: 12 }}>
          {DELIVERY_STATES.map((s) => (
            <Col key={s} xs={8} md={4}>
              <Statistic title={DELIVERY_NAMES[s]} value={a.deliveries.byState[s]} data-testid={`count-${s}`} />
            </Col>
          ))}
        </Row>
      </Card>

      <Card title="按乡镇">
        <Table
          size="small"
          rowKey={(r) => r.townCode ?? 'none'}
          pagination={false}
          dataSource={a.deliveries.byTown}
          locale={{ emptyText: <Empty description="没有目标终端" /> }}
          columns={[{ title: '乡镇', key: 'town', render: (_, r) => r.name ?? (r.townCode ? nameOf(r.townCode) : '县直属') }, { title: '终端数', dataIndex: 'total', align: 'right' }, ...stateColumns()]}
        />
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title={`未应答终端（${a.deliveries.unanswered.length}）`}>
            <Table
              size="small"
              rowKey="deviceId"
              dataSource={a.deliveries.unanswered}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description="全部终端已应答" /> }}
              columns={[{ title: '终端', dataIndex: 'deviceId' }, { title: '区域', key: 'r', render: (_, r) => nameOf(r.regionCode) }]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={`播放失败（${a.deliveries.failed.length}）`}>
            <Table
              size="small"
              rowKey="deviceId"
              dataSource={a.deliveries.failed}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: <Empty description="没有失败" /> }}
              columns={[{ title: '终端', dataIndex: 'deviceId' }, { title: '区域', key: 'r', render: (_, r) => nameOf(r.regionCode) }, { title: '原因', dataIndex: 'reason' }]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
