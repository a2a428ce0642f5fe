import { Typography } from 'antd';

/** Placeholder until this page is built (issue #8). */
export default function DashboardPage() {
  return <Typography.Title level={3}>工作台</Typography.Title>;
}
