import { Typography } from 'antd';

/** Placeholder until this page is built (issue #8). */
export default function AlertsPage() {
  return <Typography.Title level={3}>应急广播</Typography.Title>;
}
