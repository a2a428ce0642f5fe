import { Alert, Badge, Card, Col, Empty, List, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { allowed } from '../../auth/roles';
import { formatTime } from '../../common/time';
import { usePolling } from '../../common/use-polling';
import { levelInfo } from '../alerts/alert-levels';

/** Renders and alerts move by the second; the rest is fine at this pace too and costs one small request. */
const REFRESH_MS = 3_000;

const PROBLEM_NAMES: Record<string, string> = {
  'offline-1h': '离线超过 1 小时',
  'failed-plays': '播放失败',
  'clock-offset': '时钟偏差超过 5 秒',
  'cache-full': '缓存将满',
};

/** 工作台: today at a glance — who is online per town, what airs today, what waits for review, renders and alerts live. */
export default function DashboardPage() {
  const navigate = useNavigate();
  const { user } = useAuth();
  const roles = user?.roles ?? [];
  const board = usePolling(() => unwrap(api.GET('/api/dashboard')), REFRESH_MS);
  const d = board.data;
  if (board.error && !d) return <Alert type="error" showIcon title={board.error} role="alert" />;
  const online = d?.towns.reduce((a, t) => a + t.online, 0) ?? 0;
  const total = d?.towns.reduce((a, t) => a + t.total, 0) ?? 0;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>工作台</Typography.Title>
      {board.error && <Alert type="warning" showIcon title={`刷新失败：${board.error}（显示的是上次的数据）`} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card loading={!d}>
            <Statistic title="在线终端" value={online} suffix={`/ ${total}`} />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card loading={!d} hoverable={allowed(roles, ['reviewer'])} onClick={() => allowed(roles, ['reviewer']) && navigate('/review')}>
            <Statistic title="待审核" value={d?.pendingReview ?? 0} suffix="条" />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card loading={!d}>
            <Statistic title="今日播出" value={d?.airsToday.length ?? 0} suffix="项排期" />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card loading={!d}>
            <Statistic title="异常终端" value={d?.problemDevices.length ?? 0} suffix="台" valueStyle={{ color: d && d.problemDevices.length > 0 ? '#cf1322' : undefined }} />
          </Card>
        </Col>
      </Row>

      {d && d.alertsInProgress.length > 0 && (
        <Card title="正在进行的应急广播" styles={{ header: { background: '#fff1f0' } }}>
          <List
            dataSource={d.alertsInProgress}
            renderItem={(a) => {
              const info = levelInfo(a.level);
              const answered = a.counts.success + a.counts.failed + a.counts.cancelled;
              const targeted = answered + a.counts.waiting + a.counts.received + a.counts.playing;
              return (
                <List.Item actions={allowed(roles, ['emergency']) ? [<Link key="b" to={`/alerts/${a.id}`}>查看看板</Link>] : []}>
                  <Space wrap>
                    <Tag color={info.tag}>{`${info.level} 级 · ${info.name}`}</Tag>
                    <span>{a.title}</span>
                    <span>{`播放中 ${a.counts.playing}，成功 ${a.counts.success}/${targeted}，失败 ${a.counts.failed}`}</span>
                  </Space>
                </List.Item>
              );
            }}
          />
        </Card>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="各乡镇终端在线情况">
            <Table
              size="small"
              rowKey="code"
              loading={!d}
              pagination={false}
              dataSource={d?.towns ?? []}
              locale={{ emptyText: <Empty description="还没有区域和终端" /> }}
              columns={[
                {
                  title: '乡镇',
                  key: 'name',
                  render: (_, t) => (allowed(roles, ['operator']) ? <Link to={`/devices?region=${t.code}`}>{t.name}</Link> : t.name),
                },
                { title: '在线', dataIndex: 'online', align: 'right', render: (v: number) => <Badge status="success" text={v} /> },
                { title: '离线', dataIndex: 'offline', align: 'right', render: (v: number) => <Badge status={v > 0 ? 'error' : 'default'} text={v} /> },
                { title: '合计', dataIndex: 'total', align: 'right' },
                { title: '在线率', key: 'share', render: (_, t) => <Progress size="small" percent={t.total ? Math.round((t.online / t.total) * 100) : 0} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="今日播出">
            <Table
              size="small"
              rowKey="scheduleId"
              loading={!d}
              pagination={{ pageSize: 6, hideOnSinglePage: true }}
              dataSource={d?.airsToday ?? []}
              locale={{ emptyText: <Empty description="今天没有定时播出" /> }}
              columns={[
                { title: '内容', dataIndex: 'title', ellipsis: true },
                { title: '时间', key: 'times', render: (_, a) => a.times.map((t) => formatTime(t)).join('、') || '轮播' },
                { title: '终端', dataIndex: 'deviceCount', align: 'right', render: (v: number) => `${v} 台` },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="正在渲染">
            <List
              loading={!d}
              dataSource={d?.rendersInProgress ?? []}
              locale={{ emptyText: '没有正在渲染的任务' }}
              renderItem={(r) => (
                <List.Item>
                  <div style={{ width: '100%' }}>
                    <Typography.Text>{`${r.title}（${r.profile}）`}</Typography.Text>
                    <Progress percent={Math.round(r.progress * 100)} status={r.state === 'running' ? 'active' : 'normal'} />
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="异常终端">
            <Table
              size="small"
              rowKey="id"
              loading={!d}
              pagination={{ pageSize: 6, hideOnSinglePage: true }}
              dataSource={d?.problemDevices ?? []}
              locale={{ emptyText: <Empty description="所有终端正常" /> }}
              columns={[
                { title: '终端', key: 'name', render: (_, p) => (allowed(roles, ['operator']) ? <Link to={`/devices/${encodeURIComponent(p.id)}`}>{p.name}</Link> : p.name) },
                { title: '问题', key: 'problems', render: (_, p) => p.problems.map((x) => <Tag color="red" key={x}>{PROBLEM_NAMES[x] ?? x}</Tag>) },
                { title: '说明', dataIndex: 'detail', ellipsis: true },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
