import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Form, Input, Modal, Popconfirm, Row, Space, Spin, Tag, Tree, Typography, App as AntApp } from 'antd';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import type { components } from '../../api/schema';
import { api, errorMessage, unwrap } from '../../api/client';
import { usePolling } from '../../common/use-polling';
import { regionTree, type RegionNode } from '../../common/use-regions';
import { RegionImport } from './region-import';
import { LEVEL_NAMES, devicesPerRegion } from './region-counts';

type Region = components['schemas']['RegionResponse'];

/** 区划 (admin): the county's tree with device counts; import CSV, add a village, rename, delete. */
export default function RegionsPage() {
  const { message } = AntApp.useApp();
  const regions = usePolling(async () => unwrap(api.GET('/api/regions')), 0);
  const devices = usePolling(async () => (await unwrap(api.GET('/api/devices', {}))) as unknown as { regionChain: string[] }[], 0);
  const [selected, setSelected] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<string | null>(null);
  const [renameError, setRenameError] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [addForm] = Form.useForm<{ code: string; name: string }>();
  const [renameForm] = Form.useForm<{ name: string }>();

  const list = regions.data ?? [];
  const counts = useMemo(() => (Array.isArray(devices.data) ? devicesPerRegion(devices.data) : null), [devices.data]);
  const byCode = useMemo(() => new Map(list.map((r) => [r.code, r])), [list]);
  const current: Region | undefined = selected ? byCode.get(selected) : undefined;

  const treeData = useMemo(() => {
    const label = (n: RegionNode): RegionNode & { title: string } => ({
      ...n,
      title: `${n.title}${counts ? `（${counts.get(n.value) ?? 0} 台）` : ''}`,
      children: n.children.map(label),
    });
    return regionTree(list).map(label);
  }, [list, counts]);

  function select(code: string | null) {
    setSelected(code);
    setRenameError(null);
    setDeleteError(null);
    const r = code ? byCode.get(code) : undefined;
    if (r) renameForm.setFieldsValue({ name: r.name });
  }

  async function add(v: { code: string; name: string }) {
    setAddError(null);
    try {
      const r = await unwrap(api.POST('/api/regions', { body: { code: v.code.trim(), name: v.name.trim() } }));
      message.success(`已新增 ${r.name}`);
      setAdding(false);
      regions.reload();
      select(r.code);
    } catch (err) {
      setAddError(errorMessage(err));
    }
  }

  async function rename(v: { name: string }) {
    if (!current) return;
    setRenameError(null);
    try {
      await unwrap(api.PATCH('/api/regions/{code}', { params: { path: { code: current.code } }, body: { name: v.name.trim() } }));
      message.success('名称已修改');
      regions.reload();
    } catch (err) {
      setRenameError(errorMessage(err));
    }
  }

  async function remove() {
    if (!current) return;
    setDeleteError(null);
    try {
      const r = await unwrap(api.DELETE('/api/regions/{code}', { params: { path: { code: current.code } } }));
      message.success(`已删除 ${r.deleted} 个区划`);
      setSelected(null);
      regions.reload();
    } catch (err) {
      setDeleteError(errorMessage(err));
    }
  }

  const parentPrefill = current && current.level === 'town' ? current.code.slice(0, 9) : '';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>区划</Typography.Title>
        <Space>
          <Button icon={<PlusOutlined />} onClick={() => { setAddError(null); addForm.resetFields(); addForm.setFieldsValue({ code: parentPrefill }); setAdding(true); }}>新增村（社区）</Button>
          <Button type="primary" icon={<ImportOutlined />} onClick={() => setImporting(true)}>导入 CSV</Button>
        </Space>
      </Space>
      {regions.error && <Alert type="error" showIcon role="alert" title={regions.error} />}
      <Row gutter={16}>
        <Col xs={24} md={12} lg={10}>
          <Card title="行政区划" size="small" styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflow: 'auto' } }}>
            {!regions.data ? (
              <Spin />
            ) : treeData.length === 0 ? (
              <Empty description="还没有区划，请导入本县的区划 CSV" />
            ) : (
              <Tree treeData={treeData} defaultExpandedKeys={list.filter((r) => r.level !== 'village').map((r) => r.code)} selectedKeys={selected ? [selected] : []} onSelect={(keys) => select((keys[0] as string) ?? null)} aria-label="行政区划" />
            )}
          </Card>
        </Col>
        <Col xs={24} md={12} lg={14}>
          <Card title={current ? `${current.name}（${current.code}）` : '区划详情'} size="small">
            {!current ? (
              <Empty description="在左侧选择一个区划" />
            ) : (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space>
                  <Tag>{LEVEL_NAMES[current.level] ?? current.level}</Tag>
                  {counts && <Typography.Text>{`下属终端 ${counts.get(current.code) ?? 0} 台`}</Typography.Text>}
                </Space>
                <Form form={renameForm} layout="inline" onFinish={rename}>
                  <Form.Item label="名称" name="name" rules={[{ required: true, message: '请输入名称' }]}>
                    <Input maxLength={64} />
                  </Form.Item>
                  <Button htmlType="submit">修改名称</Button>
                </Form>
                {renameError && <Alert type="error" showIcon role="alert" title={renameError} />}
                <Popconfirm title={`删除 ${current.name} 及其全部下级区划？`} okText="删除" okButtonProps={{ danger: true }} cancelText="取消" onConfirm={remove}>
                  <Button danger>删除区划</Button>
                </Popconfirm>
                {deleteError && <Alert type="error" showIcon role="alert" title={deleteError} />}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
      <Modal title="导入区划 CSV" open={importing} onCancel={() => setImporting(false)} footer={null} width={720} destroyOnHidden>
        <RegionImport onImported={() => regions.reload()} />
      </Modal>
      <Modal title="新增村（社区）" open={adding} onCancel={() => setAdding(false)} onOk={() => addForm.submit()} okText="新增" cancelText="取消" destroyOnHidden>
        {addError && <Alert type="error" showIcon role="alert" title={addError} style={{ marginBottom: 12 }} />}
        <Form form={addForm} layout="vertical" onFinish={add}>
          <Form.Item label="区划代码" name="code" extra="12 位统计用区划代码，所属乡镇须已导入" rules={[{ required: true, message: '请输入区划代码' }, { pattern: /^\d{12}$/, message: '应为 12 位数字' }]}>
            <Input inputMode="numeric" />
          </Form.Item>
          <Form.Item label="名称" name="name" rules={[{ required: true, message: '请输入名称' }]}>
            <Input maxLength={64} placeholder="如 青杠村" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
