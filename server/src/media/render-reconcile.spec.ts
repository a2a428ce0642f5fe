import { coverageKey, missingRenders } from './render-reconcile';

describe('missingRenders', () => {
  const coverage = (rendered: string[], jobbed: string[]) => ({ rendered: new Set(rendered), jobbed: new Set(jobbed) });

  it('should ask for every profile of an approved revision that has neither a rendition nor a job', () => {
    expect(missingRenders(['r1'], ['speaker', 'hall-tv-1080p'], coverage([], []))).toEqual(new Map([['r1', ['speaker', 'hall-tv-1080p']]]));
  });

  it('should skip profiles already rendered or with a job of any status', () => {
    const c = coverage([coverageKey('r1', 'speaker')], [coverageKey('r1', 'hall-tv-1080p'), coverageKey('r2', 'speaker')]);
    expect(missingRenders(['r1', 'r2'], ['speaker', 'hall-tv-1080p'], c)).toEqual(new Map([['r2', ['hall-tv-1080p']]]));
  });

  it('should list a revision once even when it is named twice, and nothing when all is covered', () => {
    const c = coverage([coverageKey('r1', 'speaker')], []);
    expect(missingRenders(['r1', 'r1'], ['speaker', 'speaker'], c)).toEqual(new Map());
  });
});
