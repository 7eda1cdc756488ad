// The seam to the core's source resolver (src/core/source/resolve.ts): the core works on workspace-relative
// paths; the navigator and hints see absolute ones.

import * as path from 'node:path';
import type { SourceLocation } from '../../core/model';
import { createSourceResolver } from '../../core/source/resolve';

export interface SourceCandidate {
  /** Absolute path of a workspace file. */
  path: string;
  line: number | null;
  column?: number | null;
  /** Why it matched, shown when the user has to choose. */
  reason?: string;
}

export interface SourceResolverLike {
  resolve(loc: SourceLocation): SourceCandidate[];
  explainNoMatch(loc: SourceLocation): string;
}

/**
 * `files` are absolute; the first root is the base of relative paths (files outside it keep their absolute
 * path). Mappings map a logged prefix to an absolute folder or one relative to that root.
 */
export function buildResolver(
  files: readonly string[],
  pathMappings: Record<string, string>,
  roots: readonly string[],
): SourceResolverLike {
  const base = roots[0] ?? '';
  const toRel = (abs: string) => {
    if (!base) return abs;
    const rel = path.relative(base, abs);
    return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel.split(path.sep).join('/');
  };
  const toAbs = (p: string) => (path.isAbsolute(p) || !base ? p : path.join(base, p));
  const mappings = Object.entries(pathMappings).map(([from, to]) => {
    const rel = toRel(to);
    return { from, to: rel === '' ? '' : rel.endsWith('/') || path.isAbsolute(rel) ? rel : `${rel}/` };
  });
  const resolver = createSourceResolver(files.map(toRel), { pathMappings: mappings, roots: [...roots] });
  return {
    resolve: (loc) =>
      resolver.resolve(loc).map((c) => ({
        path: toAbs(c.path),
        line: c.line ?? loc.line,
        column: c.column ?? loc.column ?? null,
        reason: c.reason,
      })),
    explainNoMatch: (loc) => resolver.explainNoMatch(loc),
  };
}
