// Resolve a logged source location (absolute container path, relative package path, bare file name, Java class,
// Go package, Python module, logger name) against the workspace's files, as ranked candidates with a reason.
// Files are indexed by base name once, so a lookup costs the number of files sharing that name, not the
// workspace size (100,000 files: one Map lookup plus a few suffix comparisons).

import type { SourceLocation } from '../model';

export interface Candidate {
  /** The workspace file, exactly as given in `files` (normally workspace-relative, '/'-separated). */
  path: string;
  line: number | null;
  column: number | null;
  /** 0–100; higher is better. Only the order is meaningful. */
  score: number;
  /** Why this file, for people ("path mapping /app/ → services/pay/", "file name only; 3 files have it"). */
  reason: string;
}

export interface PathMapping {
  /** Prefix as logged, e.g. "/app/" or "C:\\build\\". */
  from: string;
  /** Workspace-relative folder ("services/pay/") or an absolute path under one of `roots`. */
  to: string;
}

export interface SourceResolverOptions {
  pathMappings?: readonly PathMapping[];
  /** Absolute paths of the workspace folders, so absolute logged paths under them resolve exactly. */
  roots?: readonly string[];
}

export interface SourceResolver {
  resolve(loc: SourceLocation): Candidate[];
  /** Why `resolve` found nothing, with what to do about it. */
  explainNoMatch(loc: SourceLocation): string;
}

/** Prefixes that container images and CI put in front of a project's own paths. */
export const CONTAINER_PREFIXES: readonly RegExp[] = [
  /^\/usr\/src\/app\//,
  /^\/usr\/src\//,
  /^\/app\//,
  /^\/src\//,
  /^\/workspace\//,
  /^\/workspaces\/[^/]+\//,
  /^\/home\/[^/]+\//,
  /^\/root\//,
  /^\/opt\/app\//,
  /^\/opt\/[^/]+\//,
  /^\/srv\/[^/]+\//,
  /^\/srv\//,
  /^\/code\//,
  /^\/go\/src\//,
  /^\/builds\/[^/]+\/[^/]+\//,
  /^\/github\/workspace\//,
  /^\/var\/task\//,
  /^\/var\/www\/[^/]+\//,
];

const CLASS_EXT = ['.java', '.kt', '.scala', '.groovy'];
const SOURCE_EXTS = [
  'java',
  'kt',
  'kts',
  'scala',
  'groovy',
  'py',
  'cs',
  'fs',
  'vb',
  'go',
  'rs',
  'js',
  'mjs',
  'cjs',
  'ts',
  'mts',
  'cts',
  'tsx',
  'jsx',
  'rb',
  'php',
  'c',
  'cc',
  'cpp',
  'h',
  'hpp',
  'swift',
  'ex',
  'exs',
  'erl',
  'clj',
];
// A file name ending in one of SOURCE_EXTS, any case.
const KNOWN_EXT = new RegExp(`\\.(${SOURCE_EXTS.join('|')})$`, 'i');

/** Logged path → '/'-separated, without URI scheme, `./`, webpack prefix or Windows drive oddities. */
export function normalizeLoggedPath(p: string): string {
  let s = p.trim().replace(/\\/g, '/');
  if (s.startsWith('file://')) {
    s = s.slice(7);
    try {
      s = decodeURIComponent(s);
    } catch {
      /* keep as written */
    }
    if (/^\/[A-Za-z]:\//.test(s)) s = s.slice(1);
  }
  s = s.replace(/^webpack:\/\/[^/]*\//, '').replace(/^(?:\.\/)+/, '');
  return s.replace(/\/{2,}/g, '/');
}

const segmentsOf = (p: string): string[] => p.split('/').filter((x) => x !== '' && x !== '.');
const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const stripSlash = (p: string): string => p.replace(/\/+$/, '');
const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:\//.test(p);

/** Number of trailing path segments two paths share. */
function commonSuffix(a: readonly string[], b: readonly string[]): number {
  let k = 0;
  while (k < a.length && k < b.length && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
  return k;
}

/** A qualified function name → the folder path its package suggests (Java, Kotlin, .NET, Go), or null. */
export function packageDirsFromFunction(fn: string | null, file: string): string[] | null {
  if (!fn) return null;
  if (file.endsWith('.go')) {
    // github.com/acme/pay/internal/charge.(*Svc).Charge → github.com/acme/pay/internal/charge
    const slash = fn.lastIndexOf('/');
    const dot = fn.indexOf('.', slash + 1);
    if (dot < 0) return null;
    const pkg = fn.slice(0, dot);
    return pkg === 'main' ? null : segmentsOf(pkg);
  }
  const clean = fn.replace(/\(.*$/, '').replace(/\s+/g, '');
  const parts = clean.split('.').filter(Boolean);
  if (parts.length < 3) return null;
  // com.acme.Pay.charge → com/acme (class Pay, method charge); inner classes (Pay$Inner) stay with their file.
  return parts.slice(0, -2);
}

interface Scored {
  path: string;
  score: number;
  reason: string;
}

export function createSourceResolver(files: readonly string[], opts: SourceResolverOptions = {}): SourceResolver {
  // Matching uses '/'-separated paths; candidates report each file exactly as it was given.
  const paths = files.map((f) => f.replace(/\\/g, '/').replace(/^\.\//, ''));
  const exact = new Map<string, number>();
  const byBase = new Map<string, number[]>();
  const byBaseLower = new Map<string, number[]>();
  const segs: string[][] = new Array(paths.length);
  paths.forEach((p, i) => {
    if (!exact.has(p)) exact.set(p, i);
    const b = baseName(p);
    push(byBase, b, i);
    push(byBaseLower, b.toLowerCase(), i);
  });
  const segsOf = (i: number) => (segs[i] ??= segmentsOf(paths[i]!));
  const roots = (opts.roots ?? []).map((r) => stripSlash(normalizeLoggedPath(r)) + '/');
  const mappings = (opts.pathMappings ?? []).map((m) => ({
    from: normalizeLoggedPath(m.from),
    to: normalizeLoggedPath(m.to),
    raw: m,
  }));

  /** Under a workspace root → relative path; else null. */
  const underRoot = (p: string): string | null => {
    for (const r of roots) if (p.startsWith(r)) return p.slice(r.length);
    return null;
  };

  /** Files sharing the logged path's base name, scored by how many trailing segments agree. */
  function bySuffix(logged: string, out: Scored[], via: string | null, bonus: number): void {
    const ls = segmentsOf(logged);
    const base = ls[ls.length - 1];
    if (!base) return;
    for (const i of byBase.get(base) ?? []) {
      const fs = segsOf(i);
      const m = commonSuffix(ls, fs);
      let score: number, reason: string;
      if (m === fs.length && m === ls.length) {
        score = 96;
        reason = 'exact path';
      } else if (m === fs.length) {
        // The workspace path is the logged path minus a prefix: the usual container / build-machine case.
        const prefix = '/' + ls.slice(0, ls.length - m).join('/') + '/';
        const known = CONTAINER_PREFIXES.some((re) => re.test(prefix));
        score = 88 + Math.min(m, 8) * 0.5;
        reason = known
          ? `container prefix ${prefix} stripped`
          : `logged path ends with ${paths[i]} (prefix ${prefix} dropped)`;
      } else if (m === ls.length) {
        score = 84 + Math.min(m, 8) * 0.5;
        reason = `path suffix ${ls.join('/')}`;
      } else if (m > 1) {
        score = 60 + Math.min(m, 8) * 2;
        reason = `last ${m} path segments match`;
      } else continue;
      out.push({ path: paths[i]!, score: score + bonus, reason: via ? `${via}; ${reason}` : reason });
    }
  }

  function byBareName(name: string, out: Scored[], dirsHint: string[] | null, via: string | null): void {
    const hits = byBase.get(name) ?? [];
    const many = hits.length > 1;
    for (const i of hits) {
      const fs = segsOf(i);
      // Folders that echo the package (com/acme, Acme.Pay, internal/charge) rank higher.
      let agree = 0;
      if (dirsHint) {
        const dirText = fs.slice(0, -1).join('/').toLowerCase();
        for (const d of dirsHint) if (dirText.includes(d.toLowerCase())) agree++;
      }
      const noise = /(^|\/)(node_modules|vendor|third_party|build|dist|out|target|bin|obj)\//.test(paths[i]!)
        ? -5
        : /(^|\/)(test|tests|__tests__|spec)\//.test(paths[i]!)
          ? -2
          : 0;
      const score = (many ? 40 : 50) + Math.min(agree, 6) * 2 + noise;
      const reason = many
        ? `file name only; ${hits.length} workspace files are named ${name}`
        : `file name only (the one workspace file named ${name})`;
      out.push({ path: paths[i]!, score, reason: via ? `${via}; ${reason}` : reason });
    }
  }

  function resolvePath(file: string, fn: string | null, out: Scored[]): void {
    const logged = normalizeLoggedPath(file);
    if (logged === '') return;
    for (const m of mappings) {
      if (!logged.startsWith(m.from)) continue;
      let mapped = stripSlash(m.to) + '/' + logged.slice(m.from.length).replace(/^\//, '');
      mapped = underRoot(mapped) ?? mapped.replace(/^\.?\//, '');
      const via = `path mapping ${m.raw.from} → ${m.raw.to}`;
      if (exact.has(mapped)) out.push({ path: mapped, score: 100, reason: via });
      else bySuffix(mapped, out, via, 2);
    }
    if (exact.has(logged)) out.push({ path: logged, score: 98, reason: 'exact path' });
    const rel = underRoot(logged);
    if (rel !== null && exact.has(rel)) out.push({ path: rel, score: 97, reason: 'under a workspace folder' });
    for (const re of CONTAINER_PREFIXES) {
      const m = re.exec(logged);
      if (m && exact.has(logged.slice(m[0].length)))
        out.push({ path: logged.slice(m[0].length), score: 92, reason: `container prefix ${m[0]} stripped` });
    }
    const hasDir = logged.includes('/');
    if (hasDir) bySuffix(logged, out, null, 0);
    else {
      const dirs = packageDirsFromFunction(fn, logged);
      if (dirs && dirs.length > 0)
        bySuffix(dirs.join('/') + '/' + logged, out, `package path ${dirs.join('/')}/ from ${fn}`, 4);
      byBareName(logged, out, dirs, null);
    }
  }

  /** Logger name (com.acme.Pay, acme.pay, Acme.Pay) → class, module or type file. */
  function resolveLogger(name: string, out: Scored[]): void {
    const cleaned = name.replace(/\$.*$/, '');
    const parts = cleaned.split(/[.:]+/).filter(Boolean);
    if (parts.length === 0) return;
    const via = `logger ${name}`;
    const path = parts.join('/');
    for (const ext of [...CLASS_EXT, '.py', '.cs', '.go', '.rs', '.ts', '.js'])
      bySuffix(path + ext, out, `${via} → ${path}${ext}`, -20);
    bySuffix(path + '/__init__.py', out, `${via} → package ${path}/__init__.py`, -22);
    const last = parts[parts.length - 1]!;
    for (const ext of [...CLASS_EXT, '.cs', '.py']) {
      const before = out.length;
      byBareName(last + ext, out, parts.slice(0, -1), `${via} → ${last}${ext}`);
      for (let k = before; k < out.length; k++) out[k]!.score -= 10;
    }
  }

  function resolve(loc: SourceLocation): Candidate[] {
    const out: Scored[] = [];
    const file = loc.file ?? '';
    if (loc.origin === 'logger' && !file.includes('/') && !KNOWN_EXT.test(file)) resolveLogger(file, out);
    else {
      resolvePath(file, loc.function, out);
      // A file guessed from a logger name is a hint, never as sure as a logged path.
      if (loc.origin === 'logger')
        for (const c of out) {
          c.score -= 20;
          c.reason = `from logger name; ${c.reason}`;
        }
    }
    // Keep each path once, at its best score.
    const best = new Map<string, Scored>();
    for (const c of out) {
      const prev = best.get(c.path);
      if (!prev || c.score > prev.score) best.set(c.path, c);
    }
    return [...best.values()]
      .map((c) => ({ ...c, path: files[exact.get(c.path)!] ?? c.path }))
      .sort(
        (a, b) =>
          b.score - a.score || a.path.length - b.path.length || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
      )
      .map((c) => ({
        path: c.path,
        line: loc.line,
        column: loc.column ?? null,
        score: Math.max(0, Math.min(100, Math.round(c.score * 10) / 10)),
        reason: c.reason,
      }));
  }

  function explainNoMatch(loc: SourceLocation): string {
    const file = normalizeLoggedPath(loc.file ?? '');
    if (file === '') return 'the record has no source file';
    if (/^(node:|internal\/|<anonymous>|native)/.test(file))
      return `${loc.file} is a runtime frame, not a workspace file`;
    if (loc.origin === 'logger' && !file.includes('/') && !KNOWN_EXT.test(file)) {
      const path = file.replace(/\$.*$/, '').split(/[.:]+/).join('/');
      return (
        `logger ${loc.file}: no workspace file ${path}.java (or .kt, .py, .cs, …) ` +
        `and no file named ${baseName(path)} with those extensions`
      );
    }
    const base = baseName(file);
    const other = byBaseLower.get(base.toLowerCase());
    if (other && other.length > 0)
      return `no workspace file named ${base}; ${paths[other[0]!]} differs only in letter case`;
    let advice =
      'set threadline.pathMappings to map the folder it was logged from to the workspace folder that holds it';
    if (isAbsolute(file)) {
      const prefix = CONTAINER_PREFIXES.map((re) => re.exec(file)?.[0]).find((m) => m !== undefined);
      const dir = file.slice(0, file.lastIndexOf('/') + 1);
      advice = `set threadline.pathMappings to map ${prefix ?? dir} to the workspace folder that holds ${base}`;
    }
    return `no workspace file named ${base}; ${advice}`;
  }

  return { resolve, explainNoMatch };
}

function push(m: Map<string, number[]>, k: string, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
