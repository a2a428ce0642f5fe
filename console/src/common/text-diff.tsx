import { useMemo } from 'react';
import { Space, Tag, Typography } from 'antd';
import { changeCounts, textChanges } from './text-changes';

const INS = { background: '#d9f7be', color: '#135200', textDecoration: 'none' } as const;
const DEL = { background: '#ffccc7', color: '#820014' } as const;

/**
 * What changed between two texts: insertions in green, deletions struck through in red, with counts, so a
 * reviewer sees at once what differs from what was approved before.
 */
export function TextDiff({ before, after, label = '文字差异' }: { before: string; after: string; label?: string }) {
  const parts = useMemo(() => textChanges(before, after), [before, after]);
  const { added, removed } = changeCounts(parts);
  return (
    <section aria-label={label}>
      <Space style={{ marginBottom: 8 }} wrap>
        {added === 0 && removed === 0 ? (
          <Tag>两个版本文字相同</Tag>
        ) : (
          <>
            <Tag color="green">新增 {added} 字</Tag>
            <Tag color="red">删除 {removed} 字</Tag>
          </>
        )}
        <Typography.Text type="secondary">绿色为新增，红色删除线为删除</Typography.Text>
      </Space>
      <div
        data-testid="text-diff"
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', lineHeight: 1.8, padding: 12, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fafafa', maxHeight: 420, overflow: 'auto' }}
      >
        {parts.map((p, i) =>
          p.added ? (
            <ins key={i} style={INS}>{p.value}</ins>
          ) : p.removed ? (
            <del key={i} style={DEL}>{p.value}</del>
          ) : (
            <span key={i}>{p.value}</span>
          ),
        )}
      </div>
    </section>
  );
}
