import { useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Result, Select, Space, TreeSelect, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api, errorMessage, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { DEVICE_KIND_OPTIONS } from '../../common/labels';
import { buildRegionTree, loadRegions } from '../../common/regions';
import { todayLocal } from '../../common/time';
import { useRequest } from '../../common/use-request';
import { agentCommands } from './agent-command';

type Registered = components['schemas']['RegisteredDeviceResponse'];

interface RegisterValues {
  name: string;
  kind: 'speaker' | 'tv' | 'led';
  regionCode: string;
  id?: string;
  tags?: string[];
}

function RegisteredView({ r, onClose }: { r: Registered; onClose: () => void }) {
  const cmd = agentCommands(r);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Result status="success" title={`设备“${r.device.name}”已登记`} subTitle={`设备编号 ${r.device.id}`} style={{ padding: '8px 0' }} />
      <Alert type="warning" showIcon message="设备令牌只显示这一次" description="关闭此窗口后无法再查看令牌。请立即复制并保存到设备上；遗失后需重新登记。" />
      <div>
        <Typography.Text strong>设备令牌</Typography.Text>
        <Typography.Paragraph copyable={{ text: r.token, tooltips: ['复制令牌', '已复制'] }} code data-testid="device-token" style={{ wordBreak: 'break-all' }}>
          {r.token}
        </Typography.Paragraph>
      </div>
      <div>
        <Typography.Text strong>一条命令安装并启动（Linux 设备，需 Node.js 20）</Typography.Text>
        <Typography.Paragraph copyable={{ text: cmd.install, tooltips: ['复制命令', '已复制'] }}>
          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }} data-testid="agent-install">
            {cmd.install}
          </pre>
        </Typography.Paragraph>
      </div>
      <Typography.Text type="secondary">或者手动启动已复制到设备上的程序：</Typography.Text>
      <div>
        <Typography.Text strong>① 在设备上取服务器公钥</Typography.Text>
        <Typography.Paragraph copyable={{ text: cmd.key, tooltips: ['复制命令', '已复制'] }}>
          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>{cmd.key}</pre>
        </Typography.Paragraph>
      </div>
      <div>
        <Typography.Text strong>② 启动设备端程序</Typography.Text>
        <Typography.Paragraph copyable={{ text: cmd.start, tooltips: ['复制命令', '已复制'] }}>
          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }} data-testid="agent-command">
            {cmd.start}
          </pre>
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          设备端程序（player-agent）只依赖 mqtt；--backend 可换成 ffplay、aplay 或 --command "cvlc --play-and-exit {'{file}'}"。
        </Typography.Text>
      </div>
      <Space>
        <Link to={`/schedules/timeline/${encodeURIComponent(r.device.id)}?date=${todayLocal()}`}>查看它今天的播出时间线</Link>
        <Link to={`/devices/${encodeURIComponent(r.device.id)}`}>设备详情</Link>
      </Space>
      <div style={{ textAlign: 'right' }}>
        <Button type="primary" onClick={onClose}>
          我已保存令牌，关闭
        </Button>
      </div>
    </Space>
  );
}

/** Registers a device; the token comes back once and is shown with the exact agent start command. */
export function RegisterDevice({ open, onClose, onRegistered }: { open: boolean; onClose: () => void; onRegistered: () => void }) {
  const [form] = Form.useForm<RegisterValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [registered, setRegistered] = useState<Registered | null>(null);
  const regions = useRequest(loadRegions, []);
  const tree = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);

  const close = () => {
    form.resetFields();
    setRegistered(null);
    setError(null);
    onClose();
  };
  const submit = async (v: RegisterValues) => {
    setSaving(true);
    setError(null);
    try {
      const r = await unwrap(api.POST('/api/devices', { body: { name: v.name.trim(), kind: v.kind, regionCode: v.regionCode, ...(v.id?.trim() ? { id: v.id.trim() } : {}), ...(v.tags?.length ? { tags: v.tags } : {}) } }));
      setRegistered(r);
      onRegistered();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal title="登记设备" open={open} onCancel={close} footer={null} width={720} destroyOnHidden maskClosable={!registered} keyboard={!registered}>
      {registered ? (
        <RegisteredView r={registered} onClose={close} />
      ) : (
        <Form<RegisterValues> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'speaker' }}>
          <Form.Item label="设备名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写设备名称' }]}>
            <Input placeholder="如：红岩村广场喇叭" maxLength={100} />
          </Form.Item>
          <Form.Item label="设备类型" name="kind" rules={[{ required: true }]}>
            <Select options={DEVICE_KIND_OPTIONS} />
          </Form.Item>
          <Form.Item label="所在区划" name="regionCode" rules={[{ required: true, message: '请选择设备所在的村或乡镇' }]}>
            <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll placeholder="选择村或乡镇" loading={regions.loading} />
          </Form.Item>
          <Form.Item label="设备编号" name="id" extra="可不填，自动生成">
            <Input placeholder="如：spk-510811100201-02" maxLength={64} />
          </Form.Item>
          <Form.Item label="标签" name="tags">
            <Select mode="tags" placeholder="输入标签后回车" open={false} suffixIcon={null} />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
          <Space>
            <Button type="primary" htmlType="submit" loading={saving}>
              登记
            </Button>
            <Button onClick={close}>取消</Button>
          </Space>
        </Form>
      )}
    </Modal>
  );
}
