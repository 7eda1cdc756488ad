// Lines that follow a record without starting one (a multi-line message, a raw stack trace printed by the
// layout or by printStackTrace()) belong to that record. Only the part that is a trace is error text: the
// lines before it continue the message, so a `receipt:\n  total=…` message is not taken for an error.

import type { LogRecord } from '../model';
import { firstAppFrame, parseFrameLine } from '../source/frames';

// Where a trace starts: a Java/.NET exception header (`java.lang.IllegalStateException: …`,
// `Exception in thread "main" …`, `Caused by: …`), a Python traceback, a Go panic or goroutine dump.
// One alternative a line, joined into `^(?:a|b|…)`.
const TRACE_HEAD = new RegExp(
  '^(?:' +
    [
      /Exception in thread "/.source,
      /Caused by: /.source,
      /Traceback \(most recent call last\):/.source,
      /panic: /.source,
      /goroutine \d+ \[/.source,
      /(?:[\w$]+\.)+[\w$]*(?:Exception|Error|Throwable|Failure)\b(?::|$)/.source,
      /System\.\w+(?:\.\w+)*Exception\b/.source,
    ].join('|') +
    ')',
);

// Java prints any Throwable as `<class name>: <message>`, and subclasses need not end in Exception/Error
// (`com.acme.PaymentDeclined: card declined`). Taken for a header only when it reads as a qualified class
// name: two or more lower-case package segments, then an upper-case class (nested `$Inner` allowed), then
// `: `. One dot is not enough (`config.Port: 8080`, `user.Name: bob` are messages); such a header is still
// found when frames follow it (FRAME_HEADER_KINDS).
const JAVA_THROWABLE = /^(?:[a-z_]\w*\.){2,}[A-Z]\w*(?:\$\w+)*: /;

// Java, .NET and Node print the header line (class and message) directly above the first frame, whatever
// the class is called (`TypeError: x`, `foo.Bad: y`): that line is part of the trace.
const FRAME_HEADER_KINDS = new Set(['java', 'dotnet', 'node']);

function isTraceHead(line: string): boolean {
  return TRACE_HEAD.test(line) || JAVA_THROWABLE.test(line);
}

/**
 * `rec` with its continuation text (the lines after its own, line breaks kept) attached: the leading lines that
 * are not part of a trace are appended to the message, the rest to the error (a trace starts at a header line, or
 * at the line above its first Java/.NET/Node frame, where those runtimes print the header). When that trace holds a
 * frame (Java, Python, Node, Go, .NET) and the record's source was only a logger-name hint (or nothing), the source
 * becomes the trace's first application frame, as it would for an error field.
 */
export function withContinuation(rec: LogRecord, continuation: string): LogRecord {
  let text = continuation.replace(/\r\n/g, '\n');
  if (text.endsWith('\n')) text = text.slice(0, -1);
  if (text.trim() === '') return rec;
  const lines = text.split('\n');
  let start = -1;
  for (let i = 0; i < lines.length && i < 2000 && start < 0; i++) {
    const line = lines[i];
    if (line.length > 4096) continue;
    if (isTraceHead(line)) {
      start = i;
      break;
    }
    const frame = parseFrameLine(line);
    if (frame === null) continue;
    start = i;
    const above = i > 0 ? lines[i - 1] : '';
    if (FRAME_HEADER_KINDS.has(frame.kind) && above.trim() !== '' && above.length <= 4096 && !/^\s/.test(above))
      start = i - 1;
  }
  if (start < 0) return { ...rec, message: rec.message + '\n' + text };
  const message = start > 0 ? rec.message + '\n' + lines.slice(0, start).join('\n') : rec.message;
  const trace = lines.slice(start).join('\n');
  const error = rec.error ? rec.error + '\n' + trace : trace;
  let source = rec.source;
  if (source === null || source.origin === 'logger') source = firstAppFrame(trace) ?? source;
  return { ...rec, message, error, source };
}
