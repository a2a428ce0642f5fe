import { useEffect, useMemo, useState } from 'react';
import { Space, TreeSelect, Typography } from 'antd';
import { api, errorMessage, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { DEVICE_KIND_NAMES as KIND_NAMES } from './labels';
import { buildRegionTree, loadRegions } from './regions';
import { useDebounced, useRequest } from './use-request';

type DeviceKind = 'speaker' | 'tv' | 'led';
export type DeviceCount = components['schemas']['DeviceCountView'];

export interface RegionTreeSelectProps {
  value?: string[];
  onChange?: (codes: string[]) => void;
  /** Only this region and what lies below it can be picked (a user scoped to one town). */
  scope?: string;
  /** Narrow the shown device count to these kinds and tags (the schedule form's other targets). */
  kinds?: DeviceKind[];
  tags?: string[];
  /** Called with each new count, e.g. for a confirmation step that restates it. */
  onCount?: (count: DeviceCount | null) => void;
  id?: string;
  disabled?: boolean;
}


/**
 * Picks target regions (county → town → village, several at once) and says how many devices they reach.
 * A whole checked town is sent as the town's code (its villages are included by the server).
 */
export function RegionTreeSelect({ value, onChange, scope, kinds, tags, onCount, id, disabled }: RegionTreeSelectProps) {
  const regions = useRequest(loadRegions, []);
  const tree = useMemo(() => buildRegionTree(regions.data ?? [], scope), [regions.data, scope]);
  const codes = useDebounced(value ?? [], 300);
  const kindsKey = (kinds ?? []).join(',');
  const tagsKey = (tags ?? []).join(',');
  const [count, setCount] = useState<DeviceCount | null>(null);
  const [countError, setCountError] = useState<string | null>(null);
  useEffect(() => {
    if (codes.length === 0) {
      setCount(null);
      onCount?.(null);
      return;
    }
    let live = true;
    const body = { regionCodes: codes, ...(kinds?.length ? { kinds } : {}), ...(tags?.length ? { tags } : {}) };
    unwrap(api.POST('/api/devices/count', { body })).then(
      (c) => {
        if (!live) return;
        setCount(c);
        setCountError(null);
        onCount?.(c);
      },
      (err: unknown) => live && setCountError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [codes.join(','), kindsKey, tagsKey]);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={4}>
      <TreeSelect
        id={id}
        disabled={disabled}
        style={{ width: '100%' }}
        treeData={tree}
        value={value}
        onChange={(v: string[]) => onChange?.(v)}
        treeCheckable
        showCheckedStrategy={TreeSelect.SHOW_PARENT}
        treeDefaultExpandedKeys={tree.map((n) => n.key)}
        treeNodeFilterProp="title"
        showSearch
        allowClear
        loading={regions.loading}
        placeholder={regions.error ? `区划加载失败：${regions.error}` : '选择乡镇或村（可多选）'}
        notFoundContent={regions.loading ? '加载中…' : '没有可选的区划'}
        maxTagCount="responsive"
      />
      <Typography.Text type={countError ? 'danger' : 'secondary'} data-testid="region-device-count" aria-live="polite">
        {countError
          ? `无法统计设备数：${countError}`
          : count
            ? `覆盖 ${count.count} 台设备` +
              (Object.keys(count.byKind).length ? `（${Object.entries(count.byKind).map(([k, n]) => `${KIND_NAMES[k] ?? k} ${n}`).join('，')}）` : '')
            : (value?.length ?? 0) > 0
              ? '正在统计覆盖的设备…'
              : '尚未选择区划'}
      </Typography.Text>
    </Space>
  );
}
