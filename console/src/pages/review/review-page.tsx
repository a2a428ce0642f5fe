import { Route, Routes } from 'react-router-dom';
import { ReviewDetail } from './review-detail';
import { ReviewQueue } from './review-queue';

/** 审核: the queue of submitted revisions and one revision's review. */
export default function ReviewPage() {
  return (
    <Routes>
      <Route index element={<ReviewQueue />} />
      <Route path=":id" element={<ReviewDetail />} />
    </Routes>
  );
}
