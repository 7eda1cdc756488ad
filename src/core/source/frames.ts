// Stack frames → source locations, for Java, Python, Node (V8), Go (panics and zap `stacktrace`) and .NET.
// Patterns follow the stack-trace shapes in docs/formats.md. Library/runtime frames are skipped to find the frame
// in the application: that is where a user wants "Go to Source" to land.

import type { SourceLocation } from '../model';

export type FrameKind = 'java' | 'python' | 'node' | 'go' | 'dotnet';

export interface Frame {
  kind: FrameKind;
  /** As written; Java frames give the package path + file name (`com/acme/Pay.java`) so resolution can use folders. */
  file: string;
  line: number | null;
  column?: number | null;
  function: string | null;
}

const JAVA = /^\s*at\s+(?:[\w.$-]+(?:@[^/]*)?\/)*([\w$.]+)\.([\w$<>]+)\(([^:)]*)(?::(\d+))?\)/;
const PYTHON = /^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$/;
const NODE = /^\s*at (?:(?:async )?(.+?) \()?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?$/;
const DOTNET = /^\s*at ([^(]+)\(([^)]*)\)(?: in (.+):line (\d+))?\s*$/;
const GO_FILE = /^\t(.+\.go):(\d+)(?: \+0x[0-9a-f]+)?$/;
const GO_FUNC = /^(?:created by )?([\w./*()-]+\.[\w.*()-]+?)(?:\(.*\))?(?: in goroutine \d+)?$/;

/** One line → a frame (Go needs two lines: use parseFrames). */
export function parseFrameLine(line: string): Frame | null {
  if (line.length > 4096) return null;
  let m = NODE.exec(line);
  if (m && !/\.(java|cs)$/.test(m[2])) {
    let file = m[2];
    if (file.startsWith('file://')) file = decodeURIComponentSafe(file.slice(7));
    return { kind: 'node', file, line: +m[3], column: +m[4], function: m[1] ?? null };
  }
  m = JAVA.exec(line);
  if (m && !/ in .+:line \d+/.test(line)) {
    const cls = m[1],
      fileName = m[3];
    const file = javaFile(cls, fileName);
    if (file) return { kind: 'java', file, line: m[4] ? +m[4] : null, function: `${cls}.${m[2]}` };
  }
  m = PYTHON.exec(line);
  if (m) return { kind: 'python', file: m[1], line: +m[2], function: m[3] ?? null };
  m = DOTNET.exec(line);
  if (m) return { kind: 'dotnet', file: m[3] ?? '', line: m[4] ? +m[4] : null, function: m[1].trim() };
  return null;
}

/** `com.acme.Pay$Inner` + `Pay.java` → `com/acme/Pay.java`; null for `Native Method` / `Unknown Source`. */
function javaFile(cls: string, fileName: string): string | null {
  if (!/\.\w+$/.test(fileName) || / /.test(fileName)) return null;
  const dot = cls.lastIndexOf('.');
  return dot < 0 ? fileName : cls.slice(0, dot).replace(/\./g, '/') + '/' + fileName;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseFrames(text: string): Frame[] {
  const out: Frame[] = [];
  const lines = text.split(/\r?\n/, 2000);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const g = GO_FILE.exec(line);
    if (g) {
      const prev = i > 0 ? GO_FUNC.exec(lines[i - 1].trim()) : null;
      out.push({ kind: 'go', file: g[1], line: +g[2], function: prev ? prev[1] : null });
      continue;
    }
    const f = parseFrameLine(line);
    if (f && f.file) out.push(f);
  }
  if (out.length === 0) inlineFrames(text, out);
  return out;
}

// MEL's JSON console flattens exception newlines to spaces: find .NET frames inside one line.
const DOTNET_INLINE = /\bat ([\w.`<>[\]+]+)\(([^)]*)\) in ([^\s:][^:]*?|[A-Za-z]:\\[^:]*?):line (\d+)/g;

function inlineFrames(text: string, out: Frame[]): void {
  if (text.length > 1_000_000) return;
  for (const m of text.matchAll(DOTNET_INLINE)) {
    out.push({ kind: 'dotnet', file: m[3], line: +m[4], function: m[1] });
    if (out.length >= 200) break;
  }
}

const LIBRARY = [
  /^(?:java|javax|jdk|sun|com\/sun|kotlin|kotlinx|scala|jakarta)\//, // Java package paths (frames carry them)
  new RegExp(
    '^(?:' +
      [
        'org/springframework',
        'org/apache',
        'io/netty',
        'reactor',
        'ch/qos/logback',
        'org/slf4j',
        'com/fasterxml',
        'org/hibernate',
        'org/eclipse/jetty',
        'io/micrometer',
        'io/opentelemetry',
      ].join('|') +
      ')/',
  ),
  /^node:|^internal\/|node_modules[\\/]/,
  /site-packages[\\/]|dist-packages[\\/]|[\\/]lib[\\/]python\d/,
  /^\/usr\/(?:local\/)?(?:lib\/)?go[^/]*\/src\/|^runtime\/|\/go\/pkg\/mod\/|\/gocode\/src\//,
];
const LIBRARY_FUNC = /^(?:System|Microsoft)\.|^runtime\./;

export function isLibraryFrame(f: Frame): boolean {
  if (f.function && LIBRARY_FUNC.test(f.function) && (f.kind === 'dotnet' || f.kind === 'go')) return true;
  if (f.kind === 'dotnet' && !f.file) return true;
  return LIBRARY.some((re) => re.test(f.file));
}

/**
 * The frame nearest the failure that belongs to the application: the first such frame for innermost-first
 * traces (Java, Node, Go, .NET), the last for Python (innermost last). Falls back to the nearest frame with
 * a file when every frame is a library's.
 */
export function firstAppFrame(text: string): SourceLocation | null {
  const frames = parseFrames(text);
  if (frames.length === 0) return null;
  const ordered = frames[0].kind === 'python' ? frames.slice().reverse() : frames;
  const pick = ordered.find((f) => !isLibraryFrame(f)) ?? ordered.find((f) => f.file) ?? null;
  if (!pick) return null;
  return { file: pick.file, line: pick.line, column: pick.column ?? null, function: pick.function, origin: 'stack' };
}

/**
 * The location Go to Source opens for a record: its own, unless that names no workspace file while its error's
 * first application frame does (a caller inside a logging bridge, such as Tomcat's JUL adapter, DirectJDKLog).
 */
export function navigableLocation(
  source: SourceLocation | null,
  error: string | null,
  resolves: (loc: SourceLocation) => boolean,
): SourceLocation | null {
  if (!source || !error || source.origin === 'stack' || resolves(source)) return source;
  const frame = firstAppFrame(error);
  return frame && resolves(frame) ? frame : source;
}

/** An error text line by line, each with the frame it names (Go's two-line frames on their file line). */
export function stackLines(text: string, maxLines = 2000): { text: string; frame: Frame | null }[] {
  const lines = text.split(/\r?\n/, maxLines);
  const out: { text: string; frame: Frame | null }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const g = GO_FILE.exec(line);
    if (g) {
      const prev = i > 0 ? GO_FUNC.exec(lines[i - 1]!.trim()) : null;
      out.push({ text: line, frame: { kind: 'go', file: g[1]!, line: +g[2]!, function: prev ? prev[1]! : null } });
      continue;
    }
    const f = parseFrameLine(line);
    out.push({ text: line, frame: f && f.file ? f : null });
  }
  return out;
}
