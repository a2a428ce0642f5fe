import { Route, Routes } from 'react-router-dom';
import { Result } from 'antd';
import { DeviceList } from './device-list';
import { DeviceDetail } from './device-detail';

/** 终端: the fleet by region with its live state, one device's detail and commands, registering a device. */
export default function DevicesPage() {
  return (
    <Routes>
      <Route index element={<DeviceList />} />
      <Route path=":id" element={<DeviceDetail />} />
      <Route path="*" element={<Result status="404" title="页面不存在" />} />
    </Routes>
  );
}
