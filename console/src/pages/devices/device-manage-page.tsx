import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Modal, Popconfirm, Space, Spin, Tag, Typography, App as AntApp } from 'antd';
import { DeleteOutlined, EditOutlined, KeyOutlined, StopOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { components } from '../../api/schema';
import { api, errorMessage, unwrap } from '../../api/client';
import { formatDateTime } from '../../common/time';
import { usePolling } from '../../common/use-polling';
import { useRegions } from '../../common/use-regions';
import { DeviceEditDrawer } from './device-edit-drawer';
import { installCommand } from './device-csv';

type Device = components['schemas']['DeviceResponse'];

const KIND_NAMES: Record<string, string> = { speaker: '喇叭', tv: '电视', led: '显示屏' };
const hours = (h: { from: string; until: string }[] | null) => (h === null ? '按类型默认' : h.length === 0 ? '无' : h.map((x) => `${x.from}–${x.until}`).join('、'));

/** 终端管理: edit, disable/enable, rotate the token (shown once with the install command) and delete one device. */
export default function DeviceManagePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { nameOf } = useRegions();
  const loaded = usePolling(async () => unwrap(api.GET('/api/devices/{id}', { params: { path: { id } } })), 0, [id]);
  const [device, setDevice] = useState<Device | null>(null);
  const [editing, setEditing] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const d = device && device.id === id ? device : (loaded.data ?? null);

  async function act(done: string, run: () => Promise<Device>) {
    try {
      setDevice(await run());
      message.success(done);
    } catch (err) {
      message.error(errorMessage(err));
    }
  }

  async function remove() {
    try {
      await unwrap(api.DELETE('/api/devices/{id}', { params: { path: { id } } }));
      message.success(`已删除终端 ${id}`);
      navigate('/devices', { replace: true });
    } catch (err) {
      message.error(errorMessage(err));
    }
  }

  if (loaded.loading && !d) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  if (!d) return <Alert type="error" showIcon role="alert" title={loaded.error ?? '终端不存在'} />;
  const path = { params: { path: { id } } };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space>
          <Typography.Title level={3} style={{ margin: 0 }}>{`终端管理：${d.name}`}</Typography.Title>
          {d.active ? <Tag color="green">已启用</Tag> : <Tag color="default" data-testid="device-disabled">已停用</Tag>}
          <Tag color={d.online ? 'blue' : 'default'}>{d.online ? '在线' : '离线'}</Tag>
        </Space>
        <Link to={`/devices/${encodeURIComponent(d.id)}`}>查看终端详情</Link>
      </Space>
      {!d.active && <Alert type="warning" showIcon title="此终端已停用：无法连接服务器，也不会收到播放列表。" />}
      <Card size="small">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="编号">{d.id}</Descriptions.Item>
          <Descriptions.Item label="类型">{`${KIND_NAMES[d.kind] ?? d.kind}（${d.profile}）`}</Descriptions.Item>
          <Descriptions.Item label="所属区划">{nameOf(d.regionCode)}</Descriptions.Item>
          <Descriptions.Item label="标签">{d.tags.length ? d.tags.map((t) => <Tag key={t}>{t}</Tag>) : '—'}</Descriptions.Item>
          <Descriptions.Item label="静音时段">{hours(d.quietHours)}</Descriptions.Item>
          <Descriptions.Item label="开放时段">{hours(d.openingHours)}</Descriptions.Item>
          <Descriptions.Item label="默认音量">{d.defaultVolume ?? '不干预'}</Descriptions.Item>
          <Descriptions.Item label="最后通信">{formatDateTime(d.lastSeenAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Space wrap>
        <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>编辑</Button>
        {d.active ? (
          <Popconfirm title="停用此终端？它将立即断开连接，令牌被拒绝，播放列表撤回。" okText="停用" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => act('已停用', () => unwrap(api.POST('/api/devices/{id}/disable', path)))}>
            <Button icon={<StopOutlined />} danger>停用</Button>
          </Popconfirm>
        ) : (
          <Button icon={<PlayCircleOutlined />} onClick={() => act('已启用，将重新下发播放列表', () => unwrap(api.POST('/api/devices/{id}/enable', path)))}>启用</Button>
        )}
        <Popconfirm title="更换令牌？旧令牌立即失效，终端须用新令牌重新安装或配置。" okText="更换" cancelText="取消"
          onConfirm={async () => {
            try {
              const r = await unwrap(api.POST('/api/devices/{id}/rotate-token', path));
              setDevice(r.device);
              setToken(r.token);
            } catch (err) {
              message.error(errorMessage(err));
            }
          }}>
          <Button icon={<KeyOutlined />}>更换令牌</Button>
        </Popconfirm>
        <Popconfirm title={`删除终端 ${d.name}？将断开连接并清除其播放列表（播放记录保留），此操作不能撤销。`} okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={remove}>
          <Button icon={<DeleteOutlined />} danger>删除</Button>
        </Popconfirm>
      </Space>
      <DeviceEditDrawer device={d} open={editing} onClose={() => setEditing(false)} onSaved={(saved) => { setDevice(saved); setEditing(false); message.success('已保存'); }} />
      <Modal open={token !== null} title="新的终端令牌" onCancel={() => setToken(null)} footer={<Button type="primary" onClick={() => setToken(null)}>我已记下</Button>} width={720}>
        {token && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon title="令牌只显示这一次，旧令牌已失效。请在终端上用下面的命令重新安装（或修改其配置中的令牌）。" />
            <Typography.Text>令牌</Typography.Text>
            <Typography.Paragraph copyable={{ tooltips: ['复制', '已复制'] }} code data-testid="device-token">{token}</Typography.Paragraph>
            <Typography.Text>安装命令</Typography.Text>
            <Typography.Paragraph copyable={{ tooltips: ['复制', '已复制'] }} code style={{ wordBreak: 'break-all' }}>{installCommand(window.location.origin, d.id, token)}</Typography.Paragraph>
          </Space>
        )}
      </Modal>
    </Space>
  );
}
