import { listItems, listTotal } from './page';

describe('listItems / listTotal', () => {
  it('should read a bare array, a page, or nothing', () => {
    expect(listItems([1, 2])).toEqual([1, 2]);
    expect(listTotal([1, 2])).toBe(2);
    expect(listItems({ items: [3], total: 40 })).toEqual([3]);
    expect(listTotal({ items: [3], total: 40 })).toBe(40);
    expect(listItems<number>(undefined)).toEqual([]);
    expect(listTotal<number>(undefined)).toBe(0);
  });
});
