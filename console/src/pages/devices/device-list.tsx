import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Input, Row, Select, Space, Table, Tag, Tree, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { DEVICE_KIND_NAMES, DEVICE_KIND_OPTIONS, formatBytes } from '../../common/labels';
import { buildRegionTree, loadRegions, regionName } from '../../common/regions';
import { formatDateTime, todayLocal } from '../../common/time';
import { useDebounced, useRequest } from '../../common/use-request';
import { ClockOffset, NowPlaying, StatusBadge, type Device } from './device-format';
import { RegisterDevice } from './register-device';
import { listItems, listTotal } from '../../common/page';

type Kind = 'speaker' | 'tv' | 'led';

/** The fleet: region tree on the left, a server-paginated table (2,000 devices load one page at a time). */
export function DeviceList() {
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const status = (params.get('status') as 'online' | 'offline' | null) ?? undefined;
  const kind = (params.get('kind') as Kind | null) ?? undefined;
  const tag = params.get('tag') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const [q, setQ] = useState(params.get('q') ?? '');
  const query = useDebounced(q.trim(), 300);
  const [registering, setRegistering] = useState(false);

  const set = (changes: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    // Any filter change starts again from the first page.
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  const regions = useRequest(loadRegions, []);
  const tree = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);
  const devices = useRequest(
    () =>
      unwrap(
        api.GET('/api/devices', {
          params: { query: { page, pageSize, ...(status ? { status } : {}), ...(kind ? { kind } : {}), ...(region ? { region } : {}), ...(tag ? { tag } : {}), ...(query ? { q: query } : {}) } },
        }),
      ),
    [page, pageSize, status, kind, region, tag, query],
  );

  const columns: ColumnsType<Device> = [
    {
      title: '设备',
      key: 'name',
      fixed: 'left',
      width: 200,
      render: (_, d) => (
        <Space direction="vertical" size={0}>
          <Link to={`/devices/${encodeURIComponent(d.id)}`}>{d.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.id}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '类型', dataIndex: 'kind', width: 70, render: (k: string) => DEVICE_KIND_NAMES[k] ?? k },
    { title: '区划', dataIndex: 'regionCode', width: 110, render: (c: string) => regionName(regions.data, c) },
    { title: '状态', key: 'status', width: 80, render: (_, d) => <StatusBadge device={d} /> },
    { title: '最后在线', dataIndex: 'lastSeenAt', width: 140, render: (v: string | null) => formatDateTime(v) },
    { title: '程序版本', dataIndex: 'agentVersion', width: 90, render: (v: string | null) => v ?? '—' },
    { title: '正在播放', key: 'nowPlaying', width: 200, render: (_, d) => <NowPlaying device={d} /> },
    { title: '缓存', dataIndex: 'cacheBytes', width: 90, render: (v: number | null) => formatBytes(v) },
    { title: '时钟偏差', dataIndex: 'clockOffsetMs', width: 110, render: (v: number | null) => <ClockOffset ms={v} /> },
    { title: '音量', dataIndex: 'volume', width: 60, render: (v: number | null) => v ?? '—' },
    { title: '标签', dataIndex: 'tags', width: 120, render: (tags: string[]) => tags.map((t) => <Tag key={t}>{t}</Tag>) },
    {
      title: '操作',
      key: 'actions',
      width: 130,
      render: (_, d) => (
        <Space size="small">
          <Link to={`/devices/${encodeURIComponent(d.id)}`}>详情</Link>
          <Link to={`/schedules/timeline/${encodeURIComponent(d.id)}?date=${todayLocal()}`}>时间线</Link>
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          终端
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
          登记设备
        </Button>
      </Space>
      <Row gutter={16} wrap={false}>
        <Col flex="220px" style={{ minWidth: 0 }}>
          <Card size="small" title="行政区划" styles={{ body: { padding: 8, maxHeight: 'calc(100vh - 200px)', overflow: 'auto' } }}>
            {regions.error && <Alert type="error" showIcon message={regions.error} />}
            <Button type={region ? 'link' : 'primary'} size="small" block style={{ marginBottom: 6, textAlign: 'left' }} onClick={() => set({ region: undefined })}>
              全部区划
            </Button>
            {tree.length > 0 && (
              <Tree
                aria-label="按行政区划筛选"
                treeData={tree}
                selectedKeys={region ? [region] : []}
                defaultExpandedKeys={tree.map((n) => n.key)}
                onSelect={(keys) => set({ region: (keys[0] as string | undefined) ?? undefined })}
                blockNode
              />
            )}
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Input.Search aria-label="搜索设备名称或编号" placeholder="设备名称或编号" allowClear value={q} onChange={(e) => setQ(e.target.value)} style={{ width: 220 }} />
              <Select
                aria-label="在线状态"
                placeholder="在线状态"
                allowClear
                value={status}
                onChange={(v) => set({ status: v })}
                options={[
                  { value: 'online', label: '在线' },
                  { value: 'offline', label: '离线' },
                ]}
                style={{ width: 120 }}
              />
              <Select aria-label="设备类型" placeholder="设备类型" allowClear value={kind} onChange={(v) => set({ kind: v })} options={DEVICE_KIND_OPTIONS} style={{ width: 120 }} />
              <Input.Search aria-label="设备标签" placeholder="标签" allowClear defaultValue={tag} onSearch={(v) => set({ tag: v.trim() || undefined })} style={{ width: 150 }} />
              <Button icon={<ReloadOutlined />} onClick={devices.reload}>
                刷新
              </Button>
            </Space>
            {devices.error && <Alert type="error" showIcon message={`设备加载失败：${devices.error}`} />}
            <Table<Device>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={listItems(devices.data)}
              loading={devices.loading}
              scroll={{ x: 1400, y: 'calc(100vh - 330px)' }}
              pagination={{
                current: page,
                pageSize,
                total: listTotal(devices.data),
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100, 200],
                showTotal: (n) => `共 ${n} 台设备`,
                onChange: (p, s) => set({ page: p, pageSize: s }),
              }}
              locale={{ emptyText: devices.loading ? '加载中…' : '没有符合条件的设备' }}
            />
          </Space>
        </Col>
      </Row>
      <RegisterDevice open={registering} onClose={() => setRegistering(false)} onRegistered={devices.reload} />
    </Space>
  );
}
