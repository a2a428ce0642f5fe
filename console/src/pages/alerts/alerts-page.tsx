import { Route, Routes } from 'react-router-dom';
import AlertBoard from './alert-board';
import AlertForm from './alert-form';
import AlertList from './alert-list';

/** 应急广播: the list with the CAP confirmation queue, the deliberate send form, and a live board per alert. */
export default function AlertsPage() {
  return (
    <Routes>
      <Route index element={<AlertList />} />
      <Route path="new" element={<AlertForm />} />
      <Route path=":id" element={<AlertBoard />} />
    </Routes>
  );
}
