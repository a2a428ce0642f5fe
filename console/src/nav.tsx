import type { ReactNode } from 'react';
import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FileTextOutlined,
  ApartmentOutlined,
  HistoryOutlined,
  SafetyCertificateOutlined,
  SoundOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { Role } from './auth/roles';

export interface NavItem {
  path: string;
  label: string;
  icon: ReactNode;
  /** Roles that may open the page (admin always may); empty = every signed-in user. */
  roles: Role[];
}

/** The main navigation; each page is shown only to the roles whose API routes it uses. */
export const NAV: NavItem[] = [
  { path: '/', label: '工作台', icon: <DashboardOutlined />, roles: [] },
  { path: '/contents', label: '内容', icon: <FileTextOutlined />, roles: ['editor', 'reviewer'] },
  { path: '/review', label: '审核', icon: <AuditOutlined />, roles: ['reviewer'] },
  { path: '/schedules', label: '排期', icon: <CalendarOutlined />, roles: ['editor', 'operator'] },
  { path: '/devices', label: '终端', icon: <SoundOutlined />, roles: ['operator'] },
  { path: '/alerts', label: '应急广播', icon: <AlertOutlined />, roles: ['emergency'] },
  { path: '/playlogs', label: '播放记录', icon: <HistoryOutlined />, roles: ['operator', 'reviewer', 'editor'] },
  // Reports are proof of airing: the roles that may read play logs (the duty officer's view stays the alert board).
  { path: '/reports', label: '报表', icon: <BarChartOutlined />, roles: ['operator', 'reviewer', 'editor'] },
  { path: '/devices/bulk', label: '批量登记', icon: <UploadOutlined />, roles: ['operator'] },
  { path: '/users', label: '用户', icon: <TeamOutlined />, roles: ['admin'] },
  { path: '/regions', label: '区划', icon: <ApartmentOutlined />, roles: ['admin'] },
  { path: '/audit', label: '审计日志', icon: <SafetyCertificateOutlined />, roles: ['admin'] },
];
