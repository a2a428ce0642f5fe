import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, InputNumber, Result, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { DEVICE_KIND_NAMES, formatBytes, PLAY_OUTCOME_NAMES } from '../../common/labels';
import { loadRegions, regionName } from '../../common/regions';
import { formatDateTime, formatDateTimeSeconds, todayLocal } from '../../common/time';
import { useRequest } from '../../common/use-request';
import { ClockOffset, MessageProblem, NowPlaying, StatusBadge } from './device-format';
import { listItems } from '../../common/page';

type Command = components['schemas']['DeviceCommandResponse'];
type CommandType = Command['type'];
type PlayLog = components['schemas']['PlayLogResponse'];

const COMMAND_NAMES: Record<CommandType, string> = { 'set-volume': '设置音量', 'sync-now': '立即同步', stop: '停止播放', identify: '识别（报号）' };
const RESULT: Record<Command['result'], { text: string; color: string }> = {
  pending: { text: '等待设备回应', color: 'processing' },
  ok: { text: '成功', color: 'success' },
  failed: { text: '失败', color: 'error' },
};
/** How often unanswered commands are asked about again; the agent answers within seconds when online. */
const POLL_MS = 2_000;
/** How often the open page reads the device again (online, volume, now playing, message problems). */
const LIVE_MS = 5_000;
/**
 * After a volume command is answered, the state report carrying the new level comes separately (and is written in
 * a batch): the device is read again this often, this many times at most, until it shows the level.
 */
const FOLLOW_MS = 1_000;
const FOLLOW_READS = 15;

function commandText(c: Command): string {
  const volume = (c.command as { volume?: unknown }).volume;
  return c.type === 'set-volume' && typeof volume === 'number' ? `设置音量为 ${volume}` : COMMAND_NAMES[c.type];
}

/** One device: its state, commands with their results (refreshed until answered), and recent play logs. */
export function DeviceDetail() {
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const device = useRequest(() => unwrap(api.GET('/api/devices/{id}', { params: { path: { id } } })), [id]);
  const commands = useRequest(() => unwrap(api.GET('/api/devices/{id}/commands', { params: { path: { id } } })), [id]);
  const logs = useRequest(() => unwrap(api.GET('/api/playlogs', { params: { query: { deviceId: id, limit: 20 } } })), [id]);
  const contents = useRequest(() => unwrap(api.GET('/api/contents', { params: { query: { pageSize: 200 } } })), []);
  const regions = useRequest(loadRegions, []);
  const titles = useMemo(() => new Map(listItems(contents.data).map((c) => [c.id, c.latest.title])), [contents.data]);
  const [volume, setVolume] = useState<number | null>(null);
  const [sending, setSending] = useState<CommandType | null>(null);

  const sorted = useMemo(() => [...(commands.data ?? [])].sort((a, b) => b.sentAt.localeCompare(a.sentAt)), [commands.data]);
  const pending = sorted.some((c) => c.result === 'pending');
  const { reload: reloadCommands } = commands;
  const { reload: reloadDevice } = device;
  // Keep asking while a command is unanswered; the device's state (volume) changes with the answer.
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => {
      reloadCommands();
      reloadDevice();
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [pending, commands.data, reloadCommands, reloadDevice]);
  // The page follows the device while it is open and visible: online/offline and the rest change without a command.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reloadDevice();
    }, LIVE_MS);
    return () => clearInterval(timer);
  }, [reloadDevice]);
  // Commands sent from this page: when one is answered the device reports a new state (e.g. its volume), so
  // the device is read again then — the answer can arrive before the page ever saw the command pending.
  const awaiting = useRef(new Set<string>());
  const [expected, setExpected] = useState<{ volume: number; reads: number } | null>(null);
  useEffect(() => {
    const answered = sorted.filter((c) => c.result !== 'pending' && awaiting.current.delete(c.id));
    if (answered.length === 0) return;
    const level = answered.find((c) => c.type === 'set-volume' && c.result === 'ok')?.command as { volume?: unknown } | undefined;
    if (typeof level?.volume === 'number') setExpected({ volume: level.volume, reads: 0 });
    reloadDevice();
  }, [sorted, reloadDevice]);
  // Until the new level shows (or the reads run out: the device may have reported something else since).
  useEffect(() => {
    if (!expected || device.loading) return;
    if (device.data?.volume === expected.volume || expected.reads >= FOLLOW_READS) {
      setExpected(null);
      return;
    }
    const timer = setTimeout(() => {
      setExpected({ ...expected, reads: expected.reads + 1 });
      reloadDevice();
    }, FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [expected, device.data, device.loading, reloadDevice]);
  useEffect(() => {
    if (volume === null && device.data?.volume !== undefined && device.data.volume !== null) setVolume(device.data.volume);
  }, [device.data, volume]);

  const send = async (type: CommandType) => {
    if (type === 'set-volume' && (volume === null || volume < 0 || volume > 100)) {
      message.warning('请填写 0–100 之间的音量');
      return;
    }
    setSending(type);
    try {
      const sent = await unwrap(api.POST('/api/devices/{id}/commands', { params: { path: { id } }, body: type === 'set-volume' ? { type, volume: volume! } : { type } }));
      awaiting.current.add(sent.id);
      message.info(`已发送“${COMMAND_NAMES[type]}”，等待设备回应`);
      commands.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSending(null);
    }
  };

  if (device.error && !device.data) return <Result status="warning" title="无法打开设备" subTitle={device.error} extra={<Link to="/devices">返回终端列表</Link>} />;
  if (!device.data) return <Spin tip="加载中…" style={{ display: 'block', marginTop: 80 }}><div /></Spin>;
  const d = device.data;

  const commandColumns: ColumnsType<Command> = [
    { title: '命令', key: 'command', render: (_, c) => commandText(c) },
    { title: '发送时间', dataIndex: 'sentAt', width: 170, render: (v: string) => formatDateTimeSeconds(v) },
    { title: '结果', dataIndex: 'result', width: 130, render: (r: Command['result']) => <Tag color={RESULT[r].color}>{RESULT[r].text}</Tag> },
    { title: '设备回应', key: 'message', render: (_, c) => c.message ?? (c.resultAt ? '—' : '') },
    { title: '回应时间', dataIndex: 'resultAt', width: 170, render: (v: string | null) => formatDateTimeSeconds(v) },
  ];
  const logColumns: ColumnsType<PlayLog> = [
    { title: '开始', dataIndex: 'startedAt', width: 150, render: (v: string) => formatDateTime(v) },
    { title: '内容', dataIndex: 'contentId', render: (c: string) => titles.get(c) ?? c.slice(0, 8) },
    { title: '时长', dataIndex: 'playedMs', width: 90, render: (ms: number) => `${(ms / 1000).toFixed(1)} 秒` },
    { title: '结果', dataIndex: 'outcome', width: 90, render: (o: string) => <Tag color={o === 'completed' ? 'green' : o === 'failed' ? 'red' : 'orange'}>{PLAY_OUTCOME_NAMES[o] ?? o}</Tag> },
    { title: '说明', dataIndex: 'reason', render: (r: string | null) => r ?? '' },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {d.name}
        </Typography.Title>
        <Space>
          <Link to={`/schedules/timeline/${encodeURIComponent(d.id)}?date=${todayLocal()}`}>今天的播出时间线</Link>
          <Link to="/devices">返回终端列表</Link>
        </Space>
      </Space>
      <MessageProblem device={d} />
      <Card>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="设备编号">{d.id}</Descriptions.Item>
          <Descriptions.Item label="类型">{DEVICE_KIND_NAMES[d.kind] ?? d.kind}（{d.profile}）</Descriptions.Item>
          <Descriptions.Item label="区划">{d.regionChain
              .filter((c) => regions.data?.some((r) => r.code === c))
              .map((c) => regionName(regions.data, c))
              .reverse()
              .join(' / ') || regionName(regions.data, d.regionCode)}</Descriptions.Item>
          <Descriptions.Item label="状态">
            <span data-testid="device-status">
              <StatusBadge device={d} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="最后在线">{formatDateTime(d.lastSeenAt)}</Descriptions.Item>
          <Descriptions.Item label="程序版本">{d.agentVersion ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="正在播放">
            <NowPlaying device={d} />
          </Descriptions.Item>
          <Descriptions.Item label="音量">
            <span data-testid="device-volume">{d.volume ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="缓存">{formatBytes(d.cacheBytes)}</Descriptions.Item>
          <Descriptions.Item label="时钟偏差">
            <ClockOffset ms={d.clockOffsetMs} />
          </Descriptions.Item>
          <Descriptions.Item label="静音时段">{d.quietHours.map((h) => `${h.from}–${h.until}`).join('、') || '无'}</Descriptions.Item>
          <Descriptions.Item label="标签">{d.tags.length ? d.tags.map((t) => <Tag key={t}>{t}</Tag>) : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title="远程命令">
            <Space direction="vertical" style={{ width: '100%' }}>
              {!d.online && <Alert type="warning" showIcon message="设备当前离线：命令会在它重新上线后送达" />}
              <Space wrap>
                <label htmlFor="device-volume-input">音量</label>
                <InputNumber id="device-volume-input" min={0} max={100} value={volume} onChange={(v) => setVolume(v)} style={{ width: 90 }} />
                <Button type="primary" onClick={() => send('set-volume')} loading={sending === 'set-volume'}>
                  设置音量
                </Button>
              </Space>
              <Space wrap>
                <Button onClick={() => send('sync-now')} loading={sending === 'sync-now'}>
                  立即同步
                </Button>
                <Button danger onClick={() => send('stop')} loading={sending === 'stop'}>
                  停止播放
                </Button>
                <Button onClick={() => send('identify')} loading={sending === 'identify'}>
                  识别（报号）
                </Button>
              </Space>
            </Space>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title="命令与结果" extra={pending ? <Typography.Text type="secondary">等待设备回应…</Typography.Text> : null}>
            {commands.error && <Alert type="error" showIcon message={`命令加载失败：${commands.error}`} />}
            <Table<Command>
              rowKey="id"
              size="small"
              columns={commandColumns}
              dataSource={sorted}
              loading={commands.loading && !commands.data}
              pagination={{ pageSize: 5, hideOnSinglePage: true }}
              locale={{ emptyText: '还没有向这台设备发送过命令' }}
              scroll={{ x: 700 }}
            />
          </Card>
        </Col>
      </Row>
      <Card title="最近的播放记录">
        {logs.error && <Alert type="error" showIcon message={`播放记录加载失败：${logs.error}`} />}
        <Table<PlayLog>
          rowKey="id"
          size="small"
          columns={logColumns}
          dataSource={listItems(logs.data)}
          loading={logs.loading}
          pagination={false}
          locale={{ emptyText: '这台设备还没有播放记录' }}
          scroll={{ x: 700 }}
        />
      </Card>
    </Space>
  );
}
