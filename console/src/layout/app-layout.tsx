import { Suspense } from 'react';
import { Layout, Menu, Button, Space, Typography, Spin } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { allowed, ROLE_NAMES, type Role } from '../auth/roles';
import { NAV } from '../nav';

const { Header, Sider, Content } = Layout;

/** Which navigation entry a path belongs to: the longest matching prefix ('/' only for itself). */
function selectedKey(pathname: string): string {
  const match = NAV.filter((n) => (n.path === '/' ? pathname === '/' : pathname === n.path || pathname.startsWith(n.path + '/')));
  return match.sort((a, b) => b.path.length - a.path.length)[0]?.path ?? '/';
}

export function AppLayout() {
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const items = NAV.filter((n) => allowed(user?.roles ?? [], n.roles)).map((n) => ({ key: n.path, icon: n.icon, label: n.label }));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={168} breakpoint="lg" collapsedWidth={56} theme="dark">
        <div style={{ color: '#fff', fontWeight: 600, fontSize: 16, padding: '16px 12px', whiteSpace: 'nowrap', overflow: 'hidden' }}>☀ 阳光播控</div>
        <nav aria-label="主导航">
          <Menu theme="dark" mode="inline" selectedKeys={[selectedKey(location.pathname)]} items={items} onClick={(e) => navigate(e.key)} />
        </nav>
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', height: 48, lineHeight: '48px' }}>
          <Space>
            <UserOutlined />
            <Typography.Text data-testid="current-user">{user?.displayName}</Typography.Text>
            <Typography.Text type="secondary">（{(user?.roles ?? []).map((r) => ROLE_NAMES[r as Role] ?? r).join('、')}）</Typography.Text>
            <Button icon={<KeyOutlined />} onClick={() => navigate('/password')}>
              修改密码
            </Button>
            <Button icon={<LogoutOutlined />} onClick={() => { navigate('/login', { replace: true }); logout(); }}>
              退出登录
            </Button>
          </Space>
        </Header>
        <Content style={{ margin: 16, minWidth: 0 }}>
          <Suspense fallback={<Spin tip="加载中…" style={{ display: 'block', marginTop: 80 }}><div /></Spin>}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
