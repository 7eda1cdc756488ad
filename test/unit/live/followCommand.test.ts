import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { followCommand, type CommandFollower } from '../../../src/core/live/followCommand';
import { createSession } from '../../../src/core/session/session';
import { RecordingSink } from './recordingSink';

const live: CommandFollower[] = [];
after(async () => {
  for (const c of live) await c.stop();
});
const run = (...a: Parameters<typeof followCommand>) => {
  const c = followCommand(...a);
  live.push(c);
  return c;
};
const node = JSON.stringify(process.execPath);

test('runs the command line through the shell exactly as typed; stdout lines and exit code', async () => {
  const sink = new RecordingSink();
  const c = run(`printf '%s\\n' "a b" 'c|d' | cat; echo "$TL_X"`, sink, { env: { TL_X: 'from env' } });
  const exit = await c.exited;
  assert.deepEqual(exit, { code: 0, signal: null, error: null, stopped: false });
  assert.deepEqual(sink.lines, ['a b', 'c|d', 'from env']);
  assert.ok(sink.ended);
});

test('stderr goes to its own sink, its tail is kept for display, and a failing exit code is reported', async () => {
  const out = new RecordingSink(),
    err = new RecordingSink();
  const c = run(`echo out1; echo 'kubectl: error: no such deployment' >&2; echo out2; exit 3`, out, {
    stderrSink: err,
  });
  const exit = await c.exited;
  assert.equal(exit.code, 3);
  assert.deepEqual(out.lines, ['out1', 'out2']);
  assert.deepEqual(err.lines, ['kubectl: error: no such deployment']);
  assert.deepEqual(c.stats().lastStderr, ['kubectl: error: no such deployment']);
  assert.equal(c.stats().stderrLines, 1);
});

test('stdout and stderr sharing one sink never splice a line', async () => {
  const sink = new RecordingSink();
  const script =
    `for (let i = 0; i < 3000; i++) { process.stdout.write('{"o":' + i); process.stderr.write('{"e":' + i); ` +
    `process.stdout.write('}\\n'); process.stderr.write('}\\n'); }`;
  const c = run(`${node} -e ${JSON.stringify(script)}`, sink);
  await c.exited;
  assert.equal(sink.lineCount, 6000);
  for (const l of sink.lines) JSON.parse(l);
  assert.deepEqual(
    sink.lines.filter((l) => l.startsWith('{"o"')).map((l) => JSON.parse(l).o),
    Array.from({ length: 3000 }, (_, i) => i),
  );
});

test('a child writing at a high rate: every line exactly once, in order', async () => {
  const sink = new RecordingSink();
  const n = 200_000;
  const script =
    `let s='';for(let i=0;i<${n};i++){s+='{"level":"info","i":'+i+',"msg":"tick"}\\n';` +
    `if(s.length>65536){process.stdout.write(s);s='';}}process.stdout.write(s);`;
  const c = run(`${node} -e ${JSON.stringify(script)}`, sink);
  await c.exited;
  assert.equal(sink.lineCount, n);
  for (let i = 0; i < n; i += 9973) assert.equal(JSON.parse(sink.lines[i]).i, i);
  assert.equal(JSON.parse(sink.lines[n - 1]).i, n - 1);
});

test('stop ends the whole pipeline (process group), reports it, and a missing command is a clear exit', async () => {
  // Both ends of the pipe say when SIGTERM reaches them. Without it they would live on until the SIGKILL that
  // follows the grace period, which ends them silently.
  const reporter = (name: string) => {
    const script =
      `process.on('SIGTERM', () => { process.stderr.write('${name} got SIGTERM\\n'); process.exit(0); });` +
      `process.stderr.write('${name} ready\\n'); setInterval(() => {}, 1000);`;
    return `${node} -e ${JSON.stringify(script)}`;
  };
  const sink = new RecordingSink(),
    stderr = new RecordingSink();
  const c = run(`echo started; ${reporter('writer')} | ${reporter('reader')}`, sink, { stderrSink: stderr });
  await stderr.until(() => stderr.lines.filter((l) => l.endsWith(' ready')).length === 2);
  const exit = await c.stop();
  assert.deepEqual(exit, { code: null, signal: 'SIGTERM', error: null, stopped: true }, 'the shell ended by SIGTERM');
  const got = stderr.lines.filter((l) => l.endsWith(' got SIGTERM')).sort();
  assert.deepEqual(got, ['reader got SIGTERM', 'writer got SIGTERM']);
  assert.deepEqual(sink.lines, ['started']);

  const err = new RecordingSink();
  const missing = run('definitely-not-a-command-tl 2>&1', err);
  const e2 = await missing.exited;
  assert.equal(e2.code, 127);
  assert.match(err.lines.join('\n'), /not found/);
});

test('pause: output is held within the cap, then the command is held back (no loss); resume delivers all', async () => {
  const sink = new RecordingSink();
  const n = 100_000;
  const script =
    `let s='';for(let i=0;i<${n};i++){s+='line '+i+'\\n';if(s.length>8192){process.stdout.write(s);s='';` +
    `}}process.stdout.write(s);`;
  const c = run(`${node} -e ${JSON.stringify(script)}`, sink, { pauseBufferBytes: 16 * 1024 });
  c.pause();
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(sink.lineCount, 0);
  assert.ok(c.stats().stdoutBytes < 600 * 1024, `read ahead stays bounded (${c.stats().stdoutBytes} bytes)`);
  c.resume();
  await c.exited;
  assert.equal(sink.lineCount, n);
  assert.equal(sink.lines[n - 1], `line ${n - 1}`);
});

test('load: 1,000,000 lines through a command source into a real session, every line accounted for', async () => {
  const n = 1_000_000;
  const session = createSession({ workers: 0, maxRecords: 2_000_000 });
  const sink = session.addStream('load');
  const script =
    `const lv=['info','warn','error','debug'];let s='';for(let i=0;i<${n};` +
    `i++){s+='{"time":'+(1714551300000+i)+',"level":"'+lv[i&3]+'","msg":"req '+i+'",` +
    `"traceId":"'+(i%1000).toString(16).padStart(32,'0')+'"}\\n';if(s.length>65536){process.stdout.write(s);` +
    `s='';}}process.stdout.write(s);`;
  const t0 = process.hrtime.bigint();
  const c = run(`${node} -e ${JSON.stringify(script)}`, sink);
  const exit = await c.exited;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.equal(exit.code, 0);
  const src = session.sources().find((s) => s.name === 'load')!;
  assert.equal(src.done, true);
  assert.equal(src.lines, n);
  assert.equal(src.recordLines + src.continuationLines + src.badLines.length, n);
  assert.equal(src.records, n);
  assert.equal(session.stats().records, n);
  console.log(
    `# load: ${n} lines through followCommand → session in ${ms.toFixed(0)} ms = ` +
      `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} lines/s ` +
      `(${(c.stats().stdoutBytes / 1e6).toFixed(1)} MB)`,
  );
  session.dispose();
});
