import { type ReactNode, useEffect, useState } from 'react';
import { Button, Card, DatePicker, Form, Select, Space, TreeSelect } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { dayjs } from '../../common/time';
import { useRegions } from '../../common/use-regions';
import { PERIOD_OPTIONS, periodFilterOf, type PeriodKind } from './report-format';

const PICKER: Record<Exclude<PeriodKind, 'custom'>, 'date' | 'week' | 'month' | 'quarter' | 'year'> = {
  day: 'date',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
};
const DAY = 'YYYY-MM-DD';

export interface PeriodBarProps {
  /** Address parameters this tab owns besides period and region (cleared by 重置). */
  extraKeys?: string[];
  /** More form fields (Form.Item with a name); their initial values are read from the address. */
  children?: ReactNode;
  /** The tab's own keys as form values → address values. */
  toParams?: (values: Record<string, unknown>) => Record<string, string | undefined>;
  showRegion?: boolean;
  /** 查询 with unchanged filters loads the report again (the figures move as play logs arrive). */
  onRefresh?: () => void;
}

/**
 * Period (日/周/月/季/年/自定义) and region of a report, kept in the address so a report can be bookmarked,
 * reloaded or sent to a colleague; the tab's own filters ride along.
 */
export function PeriodBar({ extraKeys = [], children, toParams, showRegion = true, onRefresh }: PeriodBarProps) {
  const [params, setParams] = useSearchParams();
  const f = periodFilterOf(params);
  const { tree } = useRegions();
  const [form] = Form.useForm();
  const [kind, setKind] = useState<PeriodKind>(f.period);
  const initial: Record<string, unknown> = {
    period: f.period,
    date: f.date ? dayjs(f.date) : undefined,
    range: f.from && f.to ? [dayjs(f.from), dayjs(f.to)] : undefined,
    regionCode: f.regionCode,
    ...Object.fromEntries(extraKeys.map((k) => [k, params.get(k) ?? undefined])),
  };
  // Drill-down and breadcrumb change the region in the address: the form follows.
  useEffect(() => form.setFieldValue('regionCode', f.regionCode), [f.regionCode, form]);

  function apply(values: Record<string, unknown>) {
    const next = new URLSearchParams();
    const tab = params.get('tab');
    if (tab) next.set('tab', tab);
    next.set('period', kind);
    if (kind === 'custom') {
      const range = values.range as [dayjs.Dayjs, dayjs.Dayjs] | undefined;
      if (range) {
        next.set('from', range[0].format(DAY));
        next.set('to', range[1].format(DAY));
      }
    } else if (values.date) next.set('date', (values.date as dayjs.Dayjs).format(DAY));
    if (values.regionCode) next.set('regionCode', String(values.regionCode));
    const extra = toParams ? toParams(values) : Object.fromEntries(extraKeys.map((k) => [k, values[k] as string | undefined]));
    for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && String(v).trim() !== '') next.set(k, String(v).trim());
    if (next.toString() === params.toString()) onRefresh?.();
    else setParams(next);
  }

  function reset() {
    const next = new URLSearchParams();
    const tab = params.get('tab');
    if (tab) next.set('tab', tab);
    setKind('month');
    form.resetFields();
    form.setFieldsValue({ period: 'month', date: undefined, range: undefined, regionCode: undefined, ...Object.fromEntries(extraKeys.map((k) => [k, undefined])) });
    setParams(next);
  }

  return (
    <Card size="small">
      <Form form={form} layout="inline" initialValues={initial} onFinish={apply} style={{ rowGap: 8 }}>
        <Form.Item label="统计周期" name="period">
          <Select style={{ width: 100 }} options={PERIOD_OPTIONS} onChange={(v: PeriodKind) => setKind(v)} />
        </Form.Item>
        {kind === 'custom' ? (
          <Form.Item label="起止日期" name="range" rules={[{ required: true, message: '请选择起止日期' }]}>
            <DatePicker.RangePicker format={DAY} />
          </Form.Item>
        ) : (
          <Form.Item label="日期" name="date" tooltip="周期内任一天；不选为今天所在的周期">
            <DatePicker picker={PICKER[kind]} placeholder="本期" style={{ width: 150 }} />
          </Form.Item>
        )}
        {showRegion && (
          <Form.Item label="区域" name="regionCode">
            <TreeSelect treeData={tree} allowClear placeholder="管辖范围" style={{ width: 180 }} treeDefaultExpandAll />
          </Form.Item>
        )}
        {children}
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">查询</Button>
            <Button onClick={reset}>重置</Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** The period and region query every report endpoint takes, from the address. */
export function periodQuery(params: URLSearchParams) {
  const f = periodFilterOf(params);
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as ReturnType<typeof periodFilterOf>;
}
