import { useMemo, useState } from 'react';
import { Alert, Button, Empty, Segmented, Space, Spin, Tag, Tooltip, TreeSelect, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { buildRegionTree, loadRegions } from '../../common/regions';
import { dayjs, formatTime, TIME_ZONE, todayLocal } from '../../common/time';
import { useRequest } from '../../common/use-request';

type Occurrence = components['schemas']['CalendarOccurrence'];
type View = 'week' | 'month';

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

/** Monday of the week holding `date` (the county's weeks start on Monday). */
function mondayOf(date: dayjs.Dayjs): dayjs.Dayjs {
  return date.subtract((date.day() + 6) % 7, 'day');
}

/** The days shown: one week, or the whole weeks covering the month (at most 42 days, under the API's 62). */
function visibleDays(view: View, anchor: dayjs.Dayjs): dayjs.Dayjs[] {
  const first = view === 'week' ? mondayOf(anchor) : mondayOf(anchor.startOf('month'));
  const last = view === 'week' ? first.add(6, 'day') : mondayOf(anchor.endOf('month')).add(6, 'day');
  const days: dayjs.Dayjs[] = [];
  for (let d = first; !d.isAfter(last, 'day'); d = d.add(1, 'day')) days.push(d);
  return days;
}

function localDay(iso: string): string {
  return dayjs(iso).tz(TIME_ZONE).format('YYYY-MM-DD');
}

function OccurrenceLine({ o }: { o: Occurrence }) {
  const withdrawn = o.status === 'withdrawn';
  return (
    <Tooltip title={`${o.title}（${o.deviceCount} 台设备${withdrawn ? '，内容已撤回' : ''}）`}>
      <div style={{ fontSize: 12, lineHeight: '18px', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', textDecoration: withdrawn ? 'line-through' : undefined }}>
        {o.kind === 'loop' ? <Tag color="blue" style={{ fontSize: 11, marginInlineEnd: 4 }}>轮播</Tag> : <b style={{ marginInlineEnd: 4 }}>{formatTime(o.start)}</b>}
        {o.title}
      </div>
    </Tooltip>
  );
}

/** What airs where: a week or month of occurrences, expanded by the server with the compiler's recurrence code. */
export function ScheduleCalendar() {
  const [view, setView] = useState<View>('week');
  const [anchor, setAnchor] = useState(() => dayjs.tz(todayLocal(), TIME_ZONE));
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const regions = useRequest(loadRegions, []);
  const tree = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);
  const days = useMemo(() => visibleDays(view, anchor), [view, anchor]);
  const from = days[0].format('YYYY-MM-DD');
  const to = days[days.length - 1].format('YYYY-MM-DD');
  const occurrences = useRequest(
    () => unwrap(api.GET('/api/schedules/calendar', { params: { query: { from, to, ...(regionCode ? { regionCode } : {}) } } })),
    [from, to, regionCode],
  );
  const byDay = useMemo(() => {
    const m = new Map<string, Occurrence[]>();
    for (const o of occurrences.data ?? []) {
      const k = localDay(o.start);
      m.set(k, [...(m.get(k) ?? []), o]);
    }
    for (const list of m.values()) list.sort((a, b) => a.start.localeCompare(b.start));
    return m;
  }, [occurrences.data]);
  const today = todayLocal();
  const step = (n: number) => setAnchor((a) => a.add(n, view === 'week' ? 'week' : 'month'));
  const title = view === 'week' ? `${from} 至 ${to}` : anchor.format('YYYY 年 M 月');
  const total = occurrences.data?.length ?? 0;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Button icon={<LeftOutlined />} onClick={() => step(-1)} aria-label={view === 'week' ? '上一周' : '上个月'} />
          <Button onClick={() => setAnchor(dayjs.tz(todayLocal(), TIME_ZONE))}>{view === 'week' ? '本周' : '本月'}</Button>
          <Button icon={<RightOutlined />} onClick={() => step(1)} aria-label={view === 'week' ? '下一周' : '下个月'} />
          <Typography.Text strong data-testid="calendar-range">
            {title}
          </Typography.Text>
        </Space>
        <Space wrap>
          <TreeSelect
            aria-label="按区划筛选"
            style={{ width: 220 }}
            treeData={tree}
            value={regionCode}
            onChange={(v: string | undefined) => setRegionCode(v)}
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder="全部区划"
          />
          <Segmented<View>
            options={[
              { value: 'week', label: '周' },
              { value: 'month', label: '月' },
            ]}
            value={view}
            onChange={setView}
          />
        </Space>
      </Space>
      {occurrences.error && <Alert type="error" showIcon message={`日历加载失败：${occurrences.error}`} />}
      <Spin spinning={occurrences.loading} tip="加载中…">
        <div role="grid" aria-label={`排期日历 ${title}`} style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff' }}>
          {WEEKDAYS.map((w) => (
            <div key={w} role="columnheader" style={{ padding: '6px 8px', fontWeight: 600, borderBottom: '1px solid #f0f0f0', background: '#fafafa' }}>
              周{w}
            </div>
          ))}
          {days.map((d) => {
            const key = d.format('YYYY-MM-DD');
            const list = byDay.get(key) ?? [];
            const limit = view === 'week' ? 30 : 3;
            const outside = view === 'month' && d.month() !== anchor.month();
            return (
              <div
                key={key}
                role="gridcell"
                aria-label={`${d.format('M 月 D 日')}，${list.length} 次播出`}
                style={{ minHeight: view === 'week' ? 360 : 96, padding: 6, borderTop: '1px solid #f0f0f0', borderLeft: '1px solid #f0f0f0', opacity: outside ? 0.5 : 1, background: key === today ? '#fff7e6' : undefined, overflow: 'hidden' }}
              >
                <div style={{ fontSize: 12, color: '#888', marginBottom: 2 }}>{view === 'week' ? d.format('M 月 D 日') : d.date()}</div>
                {list.slice(0, limit).map((o, i) => (
                  <OccurrenceLine key={`${o.scheduleId}-${o.start}-${i}`} o={o} />
                ))}
                {list.length > limit && <Typography.Text type="secondary" style={{ fontSize: 12 }}>另有 {list.length - limit} 次</Typography.Text>}
              </div>
            );
          })}
        </div>
      </Spin>
      {!occurrences.loading && !occurrences.error && total === 0 && <Empty description="这段时间没有排期。点击“新建排期”安排播出。" />}
    </Space>
  );
}
