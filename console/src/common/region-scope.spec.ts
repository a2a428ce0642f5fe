import { scopeTree } from './region-scope';

interface Node {
  value: string;
  children: Node[];
}

const node = (value: string, children: Node[] = []): Node => ({ value, children });
const county = node('510811000000', [node('510811100000', [node('510811100201')]), node('510811101000', [node('510811101201')])]);

describe('scopeTree', () => {
  it('should keep the whole tree for a county account', () => {
    expect(scopeTree([county], null)).toEqual([county]);
  });

  it('should offer only the town (with its villages) to a town account', () => {
    const t = scopeTree([county], '510811100000');
    expect(t.map((n) => n.value)).toEqual(['510811100000']);
    expect(t[0].children.map((n) => n.value)).toEqual(['510811100201']);
  });

  it('should offer nothing when the scope is not in the tree', () => {
    expect(scopeTree([county], '510899100000')).toEqual([]);
  });
});
