import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Result, Spin } from 'antd';
import { setUnauthorizedHandler } from './api/client';
import { useAuth } from './auth/auth-context';
import { allowed, type Role } from './auth/roles';
import { AppLayout } from './layout/app-layout';
import LoginPage from './pages/login-page';
import { DeviceAdminBar } from './pages/devices/device-admin-bar';

// Pages load lazily so the first screen carries only the shell.
const DashboardPage = lazy(() => import('./pages/dashboard/dashboard-page'));
const ContentsPage = lazy(() => import('./pages/contents/contents-page'));
const ReviewPage = lazy(() => import('./pages/review/review-page'));
const SchedulesPage = lazy(() => import('./pages/schedules/schedules-page'));
const DevicesPage = lazy(() => import('./pages/devices/devices-page'));
const AlertsPage = lazy(() => import('./pages/alerts/alerts-page'));
const PlaylogsPage = lazy(() => import('./pages/playlogs/playlogs-page'));
const ReportsPage = lazy(() => import('./pages/reports/reports-page'));
const SetupPage = lazy(() => import('./pages/setup/setup-page'));
const PasswordPage = lazy(() => import('./pages/password/password-page'));
const UsersPage = lazy(() => import('./pages/users/users-page'));
const RegionsPage = lazy(() => import('./pages/regions/regions-page'));
const AuditPage = lazy(() => import('./pages/audit/audit-page'));
const DeviceBulkPage = lazy(() => import('./pages/devices/device-bulk-page'));
const DeviceManagePage = lazy(() => import('./pages/devices/device-manage-page'));

/** The login page, remembering where the user was (the dashboard needs no reminder). */
function loginPath(place: string): string {
  return place === '/' ? '/login' : `/login?next=${encodeURIComponent(place)}`;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { user, loading, mustChangePassword } = useAuth();
  const location = useLocation();
  if (loading) return <Spin style={{ display: 'block', marginTop: 120 }} />;
  if (!user) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  // A one-time password opens nothing but the change-password page (the server refuses the rest anyway).
  if (mustChangePassword && location.pathname !== '/password') return <Navigate to="/password" replace />;
  return <>{children}</>;
}

function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useAuth();
  if (!allowed(user?.roles ?? [], roles)) return <Result status="403" title="无权访问" subTitle="您的角色不能使用此页面，如需使用请联系管理员。" />;
  return <>{children}</>;
}

/** A 401 anywhere (expired or revoked session) returns to the login page, keeping where the user was. */
function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const { logout } = useAuth();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      logout();
      if (!location.pathname.startsWith('/login')) navigate(loginPath(location.pathname + location.search), { replace: true });
    });
  }, [navigate, location, logout]);
  return null;
}

export function App() {
  return (
    <>
      <UnauthorizedRedirect />
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/setup" element={<Suspense fallback={<Spin style={{ display: 'block', marginTop: 120 }} />}><SetupPage /></Suspense>} />
        <Route element={<RequireAuth><AppLayout /></RequireAuth>}>
          <Route index element={<DashboardPage />} />
          <Route path="contents/*" element={<RequireRole roles={['editor', 'reviewer']}><ContentsPage /></RequireRole>} />
          <Route path="review/*" element={<RequireRole roles={['reviewer']}><ReviewPage /></RequireRole>} />
          <Route path="schedules/*" element={<RequireRole roles={['editor', 'operator']}><SchedulesPage /></RequireRole>} />
          <Route path="password" element={<PasswordPage />} />
          <Route path="users/*" element={<RequireRole roles={['admin']}><UsersPage /></RequireRole>} />
          <Route path="regions/*" element={<RequireRole roles={['admin']}><RegionsPage /></RequireRole>} />
          <Route path="audit/*" element={<RequireRole roles={['admin']}><AuditPage /></RequireRole>} />
          <Route path="devices/bulk" element={<RequireRole roles={['operator']}><DeviceBulkPage /></RequireRole>} />
          <Route path="devices/:id/manage" element={<RequireRole roles={['operator']}><DeviceManagePage /></RequireRole>} />
          <Route path="devices/*" element={<RequireRole roles={['operator']}><DeviceAdminBar /><DevicesPage /></RequireRole>} />
          <Route path="alerts/*" element={<RequireRole roles={['emergency']}><AlertsPage /></RequireRole>} />
          <Route path="playlogs/*" element={<RequireRole roles={['operator', 'reviewer', 'editor']}><PlaylogsPage /></RequireRole>} />
          <Route path="reports/*" element={<RequireRole roles={['operator', 'reviewer', 'editor']}><ReportsPage /></RequireRole>} />
          <Route path="*" element={<Result status="404" title="页面不存在" />} />
        </Route>
      </Routes>
    </>
  );
}
