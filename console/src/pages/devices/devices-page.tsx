import { Typography } from 'antd';

/** Placeholder until this page is built (issue #8). */
export default function DevicesPage() {
  return <Typography.Title level={3}>终端</Typography.Title>;
}
