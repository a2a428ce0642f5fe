import { Route, Routes } from 'react-router-dom';
import { Result } from 'antd';
import { ScheduleHome } from './schedule-home';
import { ScheduleForm } from './schedule-form';
import { DeviceTimeline } from './device-timeline';

/** 排期: calendar and list, the new-schedule form, and a device's day ("what will it play, and why"). */
export default function SchedulesPage() {
  return (
    <Routes>
      <Route index element={<ScheduleHome />} />
      <Route path="new" element={<ScheduleForm />} />
      <Route path="timeline" element={<DeviceTimeline />} />
      <Route path="timeline/:deviceId" element={<DeviceTimeline />} />
      <Route path="*" element={<Result status="404" title="页面不存在" />} />
    </Routes>
  );
}
