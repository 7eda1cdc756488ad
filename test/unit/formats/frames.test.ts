import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstAppFrame, parseFrames } from '../../../src/core/source/frames';

const at = (text: string) => {
  const l = firstAppFrame(text);
  return l && [l.file, l.line, l.function];
};

test('Java: module prefixes, jar suffixes, native/unknown frames, library frames skipped', () => {
  const t =
    'java.lang.IllegalStateException: boom\n\tat java.base/java.util.Objects.requireNonNull(Objects.java:233)\n' +
    '\tat org.springframework.web.X.handle(X.java:10)\n\tat com.acme.Pay$Inner.charge(Pay.java:88) ~[pay.jar:1.4]\n' +
    '\tat sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)\n\t... 12 more\nCaused by: ' +
    'java.io.IOException: x\n';
  assert.deepEqual(at(t), ['com/acme/Pay.java', 88, 'com.acme.Pay$Inner.charge']);
  const frames = parseFrames(t);
  assert.equal(frames.length, 3, 'Native Method frame has no file');
  assert.ok(frames.every((f) => f.kind === 'java'));
});

test('Python: innermost last, library frames skipped', () => {
  const t =
    'Traceback (most recent call last):\n  File "/app/pay.py", line 88, in charge\n    x()\n' +
    '  File "/usr/lib/python3/dist-packages/requests/api.py", line 3, in get\nValueError: declined';
  assert.deepEqual(at(t), ['/app/pay.py', 88, 'charge']);
});

test('Node: node:internal and node_modules skipped, file:// URLs decoded, async frames', () => {
  const t =
    'TypeError: x\n    at node:internal/process/task_queues:95:5\n    at Object.f (/app/node_modules/lib/i.js:1:1)\n' +
    '    at async handler (file:///app/routes/pay%20v2.mjs:41:13)';
  assert.deepEqual(at(t), ['/app/routes/pay v2.mjs', 41, 'handler']);
});

test('Go: panic goroutine dumps and zap stacktrace pairs; runtime frames skipped', () => {
  const panic =
    'panic: boom\n\ngoroutine 1 [running]:\nruntime/debug.Stack()\n' +
    '\t/usr/local/go/src/runtime/debug/stack.go:24 +0x5e\n' +
    'main.charge(0xc000012345)\n\t/app/pay/charge.go:88 +0x1d\ncreated by main.main in goroutine 1\n' +
    '\t/app/main.go:10 +0x2';
  assert.deepEqual(at(panic), ['/app/pay/charge.go', 88, 'main.charge']);
  const zap = 'main.charge\n\t/app/pay/charge.go:88\nruntime.main\n\t/usr/lib/go-1.19/src/runtime/proc.go:250';
  assert.deepEqual(
    parseFrames(zap).map((f) => [f.file, f.line, f.function]),
    [
      ['/app/pay/charge.go', 88, 'main.charge'],
      ['/usr/lib/go-1.19/src/runtime/proc.go', 250, 'runtime.main'],
    ],
  );
});

test('.NET: multi-line and MEL single-line (newlines flattened) traces', () => {
  const t =
    'System.InvalidOperationException: declined\n   at System.Linq.Enumerable.First()\n   at ' +
    'Acme.Pay.Charge(Order o) in /src/Pay.cs:line 88';
  assert.deepEqual(at(t), ['/src/Pay.cs', 88, 'Acme.Pay.Charge']);
  assert.deepEqual(at('System.X: y    at Acme.Pay.Charge(Order o) in C:\\src\\Pay.cs:line 88    at Acme.Main()'), [
    'C:\\src\\Pay.cs',
    88,
    'Acme.Pay.Charge',
  ]);
});

test('no frames → null; all-library frames → the nearest one', () => {
  assert.equal(firstAppFrame('just a message'), null);
  assert.deepEqual(at('Error\n    at node:internal/x:1:2'), ['node:internal/x', 1, null]);
});
