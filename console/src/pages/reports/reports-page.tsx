import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { AlertsTab } from './alerts-tab';
import { AvailabilityTab } from './availability-tab';
import { CoverageTab } from './coverage-tab';
import { FilesTab } from './files-tab';
import { ReachTab } from './reach-tab';

const TABS = [
  { key: 'coverage', label: '覆盖率', render: () => <CoverageTab /> },
  { key: 'reach', label: '内容到达', render: () => <ReachTab /> },
  { key: 'alerts', label: '应急广播', render: () => <AlertsTab /> },
  { key: 'availability', label: '在线率', render: () => <AvailabilityTab /> },
  { key: 'files', label: '报表文件', render: () => <FilesTab /> },
] as const;
const SHARED = ['period', 'date', 'from', 'to', 'regionCode'];

/** 报表: accountability reports (覆盖率, 内容到达, 应急广播, 在线率) and the scheduled report files. */
export default function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const active = TABS.some((t) => t.key === params.get('tab')) ? params.get('tab')! : 'coverage';
  // Period and region carry over between tabs; the other filters belong to one report and would mislead another.
  const switchTo = (key: string) => {
    const next = new URLSearchParams();
    if (key !== 'coverage') next.set('tab', key);
    for (const k of SHARED) {
      const v = params.get(k);
      if (v) next.set(k, v);
    }
    setParams(next);
  };
  return (
    <>
      <Typography.Title level={3} style={{ margin: 0 }}>报表</Typography.Title>
      <Tabs
        activeKey={active}
        onChange={switchTo}
        destroyOnHidden
        items={TABS.map((t) => ({ key: t.key, label: t.label, children: t.key === active ? t.render() : null }))}
      />
    </>
  );
}
