import { redact } from './audit.service';

describe('redact', () => {
  it('should hide passwords and tokens at any depth and keep the rest', () => {
    expect(redact({ username: 'wang', password: 'x', nested: { newPassword: 'y', tags: ['a'] }, list: [{ token: 't', id: 1 }] })).toEqual({
      username: 'wang',
      password: '***',
      nested: { newPassword: '***', tags: ['a'] },
      list: [{ token: '***', id: 1 }],
    });
  });
});
