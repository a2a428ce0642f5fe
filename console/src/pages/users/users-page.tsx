import { useState } from 'react';
import { Alert, Button, Drawer, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography, App as AntApp } from 'antd';
import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import type { components } from '../../api/schema';
import { api, errorMessage, unwrap } from '../../api/client';
import { ROLE_NAMES, type Role } from '../../auth/roles';
import { formatDateTime } from '../../common/time';
import { usePolling } from '../../common/use-polling';
import { useRegions } from '../../common/use-regions';
import { passwordProblem } from '../password/password-rules';

type User = components['schemas']['UserView'];

const ROLE_OPTIONS = (Object.keys(ROLE_NAMES) as Role[]).map((r) => ({ value: r, label: ROLE_NAMES[r] }));

interface UserValues {
  username: string;
  displayName: string;
  password?: string;
  roles: Role[];
  scopeRegionCode?: string | null;
}

/** 用户 (admin): accounts with roles and region scope; create, edit, disable/enable, reset password, unlock. */
export default function UsersPage() {
  const { message } = AntApp.useApp();
  const { fullTree, regions, nameOf } = useRegions();
  const users = usePolling(async () => unwrap(api.GET('/api/users')), 0);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [oneTime, setOneTime] = useState<{ user: User; password: string } | null>(null);
  const [form] = Form.useForm<UserValues>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  function open(u: User | 'new') {
    setEditing(u);
    setFormError(null);
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ username: u.username, displayName: u.displayName, roles: u.roles as Role[], scopeRegionCode: u.scopeRegionCode });
  }

  async function save(v: UserValues) {
    setSaving(true);
    setFormError(null);
    try {
      const scopeRegionCode = v.scopeRegionCode || null;
      if (editing === 'new') {
        await unwrap(api.POST('/api/users', { body: { username: v.username.trim(), displayName: v.displayName.trim(), password: v.password ?? '', roles: v.roles, scopeRegionCode } }));
        message.success(`已创建用户 ${v.username}`);
      } else if (editing) {
        await unwrap(api.PATCH('/api/users/{id}', { params: { path: { id: editing.id } }, body: { displayName: v.displayName.trim(), roles: v.roles, scopeRegionCode } }));
        message.success('已保存');
      }
      setEditing(null);
      users.reload();
    } catch (err) {
      setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  async function act(what: string, run: () => Promise<unknown>) {
    try {
      await run();
      message.success(what);
      users.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  }

  async function reset(u: User) {
    try {
      const r = await unwrap(api.POST('/api/users/{id}/reset-password', { params: { path: { id: u.id } } }));
      setOneTime({ user: r.user, password: r.oneTimePassword });
      users.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  }

  const list = users.data ?? [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>用户</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>新建用户</Button>
      </Space>
      {users.error && <Alert type="error" showIcon role="alert" title={users.error} />}
      <Table<User>
        rowKey="id"
        loading={users.loading}
        dataSource={list}
        size="middle"
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 个用户`, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description="还没有用户" /> }}
        columns={[
          { title: '用户名', dataIndex: 'username', width: 140 },
          { title: '显示名', dataIndex: 'displayName' },
          { title: '角色', dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => <Tag key={r}>{ROLE_NAMES[r as Role] ?? r}</Tag>) },
          { title: '管辖范围', dataIndex: 'scopeRegionCode', width: 130, render: (c: string | null) => (c ? nameOf(c) : '全县') },
          {
            title: '状态',
            width: 200,
            render: (_, u) => (
              <Space size={4} wrap>
                {u.disabled ? <Tag color="default">已停用</Tag> : <Tag color="green">正常</Tag>}
                {u.lockedUntil && new Date(u.lockedUntil) > new Date() && <Tag color="red">{`锁定至 ${formatDateTime(u.lockedUntil)}`}</Tag>}
                {u.mustChangePassword && <Tag color="orange">待改一次性密码</Tag>}
                {u.demoPassword && <Tag color="volcano">演示密码</Tag>}
              </Space>
            ),
          },
          {
            title: '操作',
            width: 300,
            render: (_, u) => (
              <Space size={0} wrap>
                <Button type="link" onClick={() => open(u)} aria-label={`编辑 ${u.username}`}>编辑</Button>
                {u.disabled ? (
                  <Button type="link" onClick={() => act('已启用', () => unwrap(api.PATCH('/api/users/{id}', { params: { path: { id: u.id } }, body: { disabled: false } })))}>启用</Button>
                ) : (
                  <Popconfirm title={`停用 ${u.username}？其所有登录立即失效。`} okText="停用" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={() => act('已停用', () => unwrap(api.PATCH('/api/users/{id}', { params: { path: { id: u.id } }, body: { disabled: true } })))}>
                    <Button type="link" danger>停用</Button>
                  </Popconfirm>
                )}
                <Popconfirm title={`为 ${u.username} 生成一次性密码？原密码立即失效。`} okText="重置" cancelText="取消" onConfirm={() => reset(u)}>
                  <Button type="link">重置密码</Button>
                </Popconfirm>
                {u.lockedUntil && <Button type="link" onClick={() => act('已解锁', () => unwrap(api.POST('/api/users/{id}/unlock', { params: { path: { id: u.id } } })))}>解锁</Button>}
              </Space>
            ),
          },
        ]}
      />
      <Drawer title={editing === 'new' ? '新建用户' : `编辑用户 ${editing ? editing.username : ''}`} open={editing !== null} onClose={() => setEditing(null)} size={480} destroyOnHidden>
        <Form<UserValues> form={form} layout="vertical" onFinish={save} requiredMark={false}>
          {formError && <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 16 }} />}
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }, { pattern: /^[\p{L}\p{N}._-]{2,64}$/u, message: '2–64 个字母、数字、汉字或 . _ -' }]}>
            <Input disabled={editing !== 'new'} autoComplete="off" />
          </Form.Item>
          <Form.Item label="显示名" name="displayName" rules={[{ required: true, message: '请输入显示名' }]}>
            <Input maxLength={64} placeholder="如 李娟(青石镇宣传委员)" />
          </Form.Item>
          {editing === 'new' && (
            <Form.Item
              label="初始密码"
              name="password"
              dependencies={['username']}
              extra="用户首次登录后须修改；至少 10 个字符，不能包含用户名"
              rules={[
                { required: true, message: '请输入初始密码' },
                ({ getFieldValue }) => ({ validator: async (_, v: string) => { const p = v ? passwordProblem(v, getFieldValue('username')) : null; if (p) throw new Error(p); } }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          )}
          <Form.Item label="角色" name="roles" rules={[{ required: true, message: '至少选择一个角色' }]}>
            <Select mode="multiple" options={ROLE_OPTIONS} placeholder="选择角色" />
          </Form.Item>
          <Form.Item label="管辖范围" name="scopeRegionCode" extra="留空为全县；选择乡镇后该用户只能查看和操作该乡镇及其下属村的终端、排期、应急广播和播放记录">
            <TreeSelect treeData={fullTree} allowClear showSearch treeNodeFilterProp="title" treeDefaultExpandedKeys={regions.filter((r) => r.level === 'county').map((r) => r.code)} placeholder="全县" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving}>{editing === 'new' ? '创建' : '保存'}</Button>
        </Form>
      </Drawer>
      <Modal open={oneTime !== null} title="一次性密码" onCancel={() => setOneTime(null)} footer={<Button type="primary" onClick={() => setOneTime(null)}>我已记下</Button>}>
        {oneTime && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="warning" showIcon title={`请把一次性密码交给 ${oneTime.user.displayName}（${oneTime.user.username}）。它只显示这一次，首次登录后必须修改。`} />
            <Typography.Paragraph copyable={{ text: oneTime.password, icon: [<CopyOutlined key="c" />, <CopyOutlined key="d" />], tooltips: ['复制', '已复制'] }} style={{ fontSize: 20, fontFamily: 'monospace', margin: 0 }} data-testid="one-time-password">
              {oneTime.password}
            </Typography.Paragraph>
          </Space>
        )}
      </Modal>
    </Space>
  );
}
