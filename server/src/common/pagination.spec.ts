import { ApiProperty } from '@nestjs/swagger';
import { ApiArrayOrPage, arrayOrPageSchemas, containsPattern, escapeLike, pageOf, pageWindow, wantsPage } from './pagination';

class WidgetResponse {
  @ApiProperty()
  id!: string;
}

describe('pagination', () => {
  it('should default to the first page of 50 and compute the offset', () => {
    expect(pageWindow({})).toEqual({ page: 1, pageSize: 50, skip: 0, take: 50 });
    expect(pageWindow({ page: 3, pageSize: 20 })).toEqual({ page: 3, pageSize: 20, skip: 40, take: 20 });
  });

  it('should cap the page size at 200', () => {
    expect(pageWindow({ pageSize: 1000 }).take).toBe(200);
  });

  it('should answer paged only when page or pageSize is given', () => {
    expect(wantsPage({})).toBe(false);
    expect(wantsPage({ page: 1 })).toBe(true);
    expect(wantsPage({ pageSize: 10 })).toBe(true);
  });

  it('should escape LIKE wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(containsPattern('50%')).toBe('%50\\%%');
  });

  it('should name the list and page schemas after the item, with typed items', () => {
    ApiArrayOrPage(WidgetResponse, '列表');
    expect(pageOf(WidgetResponse).name).toBe('WidgetPage');
    expect(pageOf(WidgetResponse)).toBe(pageOf(WidgetResponse));
    expect(arrayOrPageSchemas().get('WidgetList')?.oneOf).toEqual([
      { type: 'array', items: { $ref: '#/components/schemas/WidgetResponse' } },
      { $ref: '#/components/schemas/WidgetPage' },
    ]);
  });
});
