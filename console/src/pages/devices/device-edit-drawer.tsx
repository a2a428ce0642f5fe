import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Drawer, Form, Input, InputNumber, Select, Space, TreeSelect, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { components } from '../../api/schema';
import { api, errorMessage, unwrap } from '../../api/client';
import { useRegions } from '../../common/use-regions';

type Device = components['schemas']['DeviceResponse'];
type Hours = { from: string; until: string };
type UpdateBody = components['schemas']['UpdateDeviceDto'];

interface Values {
  name: string;
  regionCode: string;
  tags: string[];
  quietHours: Hours[];
  quietDefault: boolean;
  openingHours: Hours[];
  openingDefault: boolean;
  defaultVolume: number | null;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function HoursList({ name, label }: { name: 'quietHours' | 'openingHours'; label: string }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{label}</Typography.Text>
          {fields.map((f, i) => (
            <Space key={f.key} align="baseline">
              <Form.Item name={[f.name, 'from']} rules={[{ required: true, pattern: HH_MM, message: '格式 HH:MM' }]} style={{ marginBottom: 8 }}>
                <Input placeholder="22:00" style={{ width: 90 }} aria-label={`${label}第 ${i + 1} 段开始`} />
              </Form.Item>
              <span>至</span>
              <Form.Item name={[f.name, 'until']} rules={[{ required: true, pattern: HH_MM, message: '格式 HH:MM' }]} style={{ marginBottom: 8 }}>
                <Input placeholder="06:00" style={{ width: 90 }} aria-label={`${label}第 ${i + 1} 段结束`} />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={`删除${label}第 ${i + 1} 段`} />
            </Space>
          ))}
          {fields.length < 6 && <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ from: '', until: '' })}>{`添加${label}`}</Button>}
        </Space>
      )}
    </Form.List>
  );
}

/**
 * 编辑终端: name, region, tags, quiet and opening hours, default volume. Only the fields changed are sent, so an
 * unchanged schedule field keeps following the kind's default.
 */
export function DeviceEditDrawer({ device, open, onClose, onSaved }: { device: Device; open: boolean; onClose: () => void; onSaved: (d: Device) => void }) {
  const { tree } = useRegions();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.setFieldsValue({
      name: device.name,
      regionCode: device.regionCode,
      tags: device.tags,
      quietHours: device.quietHours,
      quietDefault: false,
      openingHours: device.openingHours ?? [],
      openingDefault: device.openingHours === null,
      defaultVolume: device.defaultVolume,
    });
  }, [open, device, form]);

  async function save(v: Values) {
    const touched = (n: keyof Values) => form.isFieldTouched(n) || form.isFieldsTouched([n], false);
    const body: UpdateBody = {};
    if (v.name.trim() !== device.name) body.name = v.name.trim();
    if (v.regionCode !== device.regionCode) body.regionCode = v.regionCode;
    if (JSON.stringify(v.tags) !== JSON.stringify(device.tags)) body.tags = v.tags;
    if (v.quietDefault) body.quietHours = null;
    else if (touched('quietHours') || JSON.stringify(v.quietHours ?? []) !== JSON.stringify(device.quietHours)) body.quietHours = v.quietHours ?? [];
    if (v.openingDefault) {
      if (device.openingHours !== null) body.openingHours = null;
    } else if (JSON.stringify(v.openingHours ?? []) !== JSON.stringify(device.openingHours ?? [])) body.openingHours = v.openingHours ?? [];
    if ((v.defaultVolume ?? null) !== device.defaultVolume) body.defaultVolume = v.defaultVolume ?? null;
    setSaving(true);
    setError(null);
    try {
      const saved = await unwrap(api.PATCH('/api/devices/{id}', { params: { path: { id: device.id } }, body }));
      onSaved(saved);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer title={`编辑终端 ${device.name}`} open={open} onClose={onClose} size={520} destroyOnHidden={false}
      footer={<Space><Button onClick={onClose}>取消</Button><Button type="primary" loading={saving} onClick={() => form.submit()}>保存</Button></Space>}>
      <Form<Values> form={form} layout="vertical" onFinish={save} requiredMark={false}>
        {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
        <Form.Item label="名称" name="name" rules={[{ required: true, message: '请输入名称' }, { max: 100, message: '不超过 100 个字符' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="所属区划" name="regionCode" rules={[{ required: true, message: '请选择区划' }]}>
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" placeholder="选择区划" />
        </Form.Item>
        <Form.Item label="标签" name="tags" extra="输入后回车；最多 20 个">
          <Select mode="tags" tokenSeparators={[',', '，', ';']} placeholder="如 村村通、广场" />
        </Form.Item>
        <HoursList name="quietHours" label="静音时段" />
        <Form.Item name="quietDefault" valuePropName="checked" style={{ marginTop: 8 }}>
          <Checkbox>静音时段恢复该类型的默认值（喇叭 22:00–06:00）</Checkbox>
        </Form.Item>
        <HoursList name="openingHours" label="开放时段" />
        <Form.Item name="openingDefault" valuePropName="checked" style={{ marginTop: 8 }}>
          <Checkbox>开放时段使用该类型的默认值（屏幕 08:30–17:30，喇叭不轮播）</Checkbox>
        </Form.Item>
        <Form.Item label="默认音量" name="defaultVolume" extra="0–100，保存后立即下发给在线终端；留空为不干预终端自身音量">
          <InputNumber min={0} max={100} precision={0} style={{ width: 120 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
