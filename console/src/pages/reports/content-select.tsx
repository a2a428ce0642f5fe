import { useState } from 'react';
import { Select } from 'antd';
import { api, unwrap } from '../../api/client';
import { listItems } from '../../common/page';
import { useDebounced, useRequest } from '../../common/use-request';

export interface ContentSelectProps {
  id?: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
  placeholder?: string;
  width?: number;
}

/** Picks a notice by title, searched on the server (a county has thousands of notices over the years). */
export function ContentSelect({ id, value, onChange, placeholder = '输入标题搜索', width = 240 }: ContentSelectProps) {
  const [q, setQ] = useState('');
  const query = useDebounced(q, 300);
  const found = useRequest(() => unwrap(api.GET('/api/contents', { params: { query: { q: query || undefined, pageSize: 20 } } })), [query]);
  const items = listItems(found.data);
  const options = items.map((c) => ({ value: c.id, label: c.latest.title }));
  // Keep the chosen one visible even when the current search no longer lists it.
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <Select
      id={id}
      showSearch
      allowClear
      value={value}
      placeholder={placeholder}
      filterOption={false}
      onSearch={setQ}
      onChange={(v) => onChange?.(v ?? undefined)}
      loading={found.loading}
      notFoundContent={found.error ?? (found.loading ? '加载中…' : '没有找到内容')}
      options={options}
      style={{ width }}
    />
  );
}
