import { AppError } from './app-error';
import { inputProblem, RequestSanityGuard } from './request-sanity';

describe('inputProblem', () => {
  it('should pass ordinary input, including paired surrogates (emoji) and control characters other than NUL', () => {
    expect(inputProblem({ title: '通知😀', tags: ['村村通'], n: 1, ok: true, none: null, text: 'a\tb\u0007' })).toBeNull();
  });

  it('should refuse unpaired surrogates and NUL anywhere, keys included', () => {
    expect(inputProblem({ a: ['x', '\ud800'] })).toMatch(/无效字符/);
    expect(inputProblem({ a: 'x\udc00' })).toMatch(/无效字符/);
    expect(inputProblem({ a: 'x\u0000y' })).toMatch(/无效字符/);
    expect(inputProblem({ ['\ud83d']: 1 })).toMatch(/无效字符/);
  });

  it('should refuse nesting beyond the limit without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(inputProblem(deep)).toMatch(/嵌套过深/);
    let ok: unknown = 1;
    for (let i = 0; i < 5; i++) ok = [ok];
    expect(inputProblem(ok)).toBeNull();
  });
});

describe('RequestSanityGuard', () => {
  const guard = new RequestSanityGuard();
  const ctx = (req: Record<string, unknown>) => ({ getType: () => 'http', switchToHttp: () => ({ getRequest: () => ({ headers: {}, query: {}, params: {}, ...req }) }) }) as never;

  it('should refuse a body no parser took with 415', () => {
    const run = () => guard.canActivate(ctx({ headers: { 'content-type': 'text/plain', 'content-length': '3' }, readableEnded: false, body: {} }));
    expect(run).toThrow(AppError);
    try {
      run();
    } catch (e) {
      expect((e as AppError).status).toBe(415);
    }
  });

  it('should let parsed bodies, empty bodies and uploads through', () => {
    expect(guard.canActivate(ctx({ headers: { 'content-type': 'application/json', 'content-length': '2' }, readableEnded: true, body: {} }))).toBe(true);
    expect(guard.canActivate(ctx({ headers: { 'content-length': '0' }, body: undefined }))).toBe(true);
    expect(guard.canActivate(ctx({ headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '99' } }))).toBe(true);
  });

  it('should refuse bad characters in the query with 400', () => {
    expect(() => guard.canActivate(ctx({ query: { q: 'a\u0000' } }))).toThrow(/无效字符/);
  });
});
