import { Typography } from 'antd';

/** Placeholder until this page is built (issue #8). */
export default function SchedulesPage() {
  return <Typography.Title level={3}>排期</Typography.Title>;
}
