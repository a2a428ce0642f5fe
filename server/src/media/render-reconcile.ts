/** What the start-up reconciliation decides, as pure data: the renders an approved revision still lacks. */
export interface RenderCoverage {
  /** `${revisionId}/${profile}` pairs with a finished rendition. */
  rendered: ReadonlySet<string>;
  /** `${revisionId}/${profile}` pairs with any job (queued, running, done or failed). */
  jobbed: ReadonlySet<string>;
}

export const coverageKey = (revisionId: string, profile: string): string => `${revisionId}/${profile}`;

/**
 * Per approved revision, the profiles needing a job: neither rendered nor ever queued. A failed job counts as
 * covered: it is the operator's to see and re-render, and re-running it at every start would turn a render that
 * crashes the pipeline into a start-up loop.
 */
export function missingRenders(revisionIds: readonly string[], profiles: readonly string[], coverage: RenderCoverage): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const revisionId of new Set(revisionIds)) {
    const missing = [...new Set(profiles)].filter((p) => !coverage.rendered.has(coverageKey(revisionId, p)) && !coverage.jobbed.has(coverageKey(revisionId, p)));
    if (missing.length > 0) out.set(revisionId, missing);
  }
  return out;
}
