import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SourceLocation } from '../../../src/core/model';
import { createSourceResolver, normalizeLoggedPath, packageDirsFromFunction } from '../../../src/core/source/resolve';

const FILES = [
  'services/pay/src/main/java/com/acme/Pay.java',
  'services/shop/src/main/java/com/acme/shop/Pay.java',
  'services/pay/src/main/kotlin/com/acme/Ledger.kt',
  'src/pay.js',
  'routes/pay.js',
  'lib/routes/pay.js',
  'node_modules/x/pay.js',
  'internal/charge/charge.go',
  'cmd/pay/main.go',
  'acme/pay.py',
  'acme/__init__.py',
  'src/Acme.Pay/Pay.cs',
  'src/fraud.ts',
];

const loc = (file: string, extra: Partial<SourceLocation> = {}): SourceLocation => ({
  file,
  line: 42,
  function: null,
  origin: 'field',
  ...extra,
});
const top = (r: ReturnType<ReturnType<typeof createSourceResolver>['resolve']>) => r[0]?.path;

test('exact workspace-relative path wins, line and column are carried', () => {
  const r = createSourceResolver(FILES).resolve(loc('src/pay.js', { column: 7 }));
  assert.equal(top(r), 'src/pay.js');
  assert.equal(r[0]!.reason, 'exact path');
  assert.equal(r[0]!.line, 42);
  assert.equal(r[0]!.column, 7);
  assert.ok(
    r.every((c, i) => i === 0 || c.score <= r[i - 1]!.score),
    'ranked by score',
  );
});

test('container prefixes are stripped: /app/, /usr/src/app/, /workspace/, /home/<user>/', () => {
  const res = createSourceResolver(FILES);
  const r = res.resolve(loc('/app/routes/pay.js'));
  assert.equal(top(r), 'routes/pay.js');
  assert.match(r[0]!.reason, /container prefix \/app\/ stripped/);
  assert.ok(
    r.some((c) => c.path === 'lib/routes/pay.js'),
    'a longer suffix match is still offered',
  );
  assert.ok(r.findIndex((c) => c.path === 'lib/routes/pay.js') > 0);
  assert.equal(top(res.resolve(loc('/usr/src/app/src/pay.js'))), 'src/pay.js');
  assert.equal(top(res.resolve(loc('/workspace/internal/charge/charge.go'))), 'internal/charge/charge.go');
  assert.equal(top(res.resolve(loc('/home/ci/build/src/fraud.ts'))), 'src/fraud.ts');
});

test('user path mappings come first', () => {
  const res = createSourceResolver(FILES, { pathMappings: [{ from: '/build/', to: 'services/pay/' }] });
  const r = res.resolve(loc('/build/src/main/java/com/acme/Pay.java'));
  assert.equal(top(r), 'services/pay/src/main/java/com/acme/Pay.java');
  assert.equal(r[0]!.score, 100);
  assert.match(r[0]!.reason, /path mapping \/build\/ → services\/pay\//);
  // Without the mapping the same path still resolves by suffix, with a lower score.
  const plain = createSourceResolver(FILES).resolve(loc('/build/src/main/java/com/acme/Pay.java'));
  assert.equal(top(plain), 'services/pay/src/main/java/com/acme/Pay.java');
  assert.ok(plain[0]!.score < 100);
});

test('absolute paths under a workspace root, Windows paths and file:// URIs', () => {
  const res = createSourceResolver(FILES, { roots: ['/home/me/proj'] });
  const r = res.resolve(loc('/home/me/proj/src/pay.js'));
  assert.equal(top(r), 'src/pay.js');
  assert.equal(r[0]!.reason, 'under a workspace folder');
  assert.equal(top(res.resolve(loc('C:\\build\\agent\\src\\fraud.ts'))), 'src/fraud.ts');
  assert.equal(top(res.resolve(loc('file:///app/routes/pay.js'))), 'routes/pay.js');
  assert.equal(normalizeLoggedPath('webpack:///./src/x.ts'), 'src/x.ts');
});

test('candidates name files exactly as given (Windows separators, absolute paths outside the root)', () => {
  const res = createSourceResolver(['src\\win\\Pay.cs', '/opt/shared/lib/util.js']);
  assert.equal(top(res.resolve(loc('/src/win/Pay.cs'))), 'src\\win\\Pay.cs');
  const abs = res.resolve(loc('/opt/shared/lib/util.js'));
  assert.equal(top(abs), '/opt/shared/lib/util.js');
  assert.equal(abs[0]!.reason, 'exact path');
  assert.equal(top(res.resolve(loc('/app/lib/util.js'))), '/opt/shared/lib/util.js');
});

test('Java: package path from a stack frame, and a bare file name with a qualified method', () => {
  const res = createSourceResolver(FILES);
  const frame = res.resolve(loc('com/acme/Pay.java', { origin: 'stack' }));
  assert.equal(top(frame), 'services/pay/src/main/java/com/acme/Pay.java');
  assert.match(frame[0]!.reason, /path suffix com\/acme\/Pay.java/);
  const bare = res.resolve(loc('Pay.java', { function: 'com.acme.Pay.charge' }));
  assert.equal(top(bare), 'services/pay/src/main/java/com/acme/Pay.java');
  assert.match(bare[0]!.reason, /package path com\/acme\//);
  assert.ok(
    bare.some((c) => c.path === 'services/shop/src/main/java/com/acme/shop/Pay.java'),
    'the other Pay.java is a lower candidate',
  );
});

test('bare file name: every file with that name, ambiguity said in the reason', () => {
  const r = createSourceResolver(FILES).resolve(loc('pay.js'));
  assert.deepEqual(r.map((c) => c.path).sort(), [
    'lib/routes/pay.js',
    'node_modules/x/pay.js',
    'routes/pay.js',
    'src/pay.js',
  ]);
  assert.match(r[0]!.reason, /4 workspace files are named pay.js/);
  assert.equal(r[r.length - 1]!.path, 'node_modules/x/pay.js', 'dependency folders rank last');
  const one = createSourceResolver(FILES).resolve(loc('fraud.ts'));
  assert.equal(one.length, 1);
  assert.match(one[0]!.reason, /the one workspace file named fraud.ts/);
});

test('same-named files: the one whose folders echo the package ranks first, whatever the path lengths', () => {
  // Neither folder ends with the package path, so only the folder-name ranking tells the files apart; the
  // wrong file has the shorter path, which would win the tie.
  const files = ['x/Invoice.java', 'acme-billing/src/Invoice.java', 'src/Acme.Pay/Pay.cs', 'src/Shop/Pay.cs'];
  const res = createSourceResolver(files);
  const java = res.resolve(loc('Invoice.java', { function: 'com.acme.billing.Invoice.total' }));
  assert.deepEqual(
    java.map((c) => c.path),
    ['acme-billing/src/Invoice.java', 'x/Invoice.java'],
  );
  assert.ok(java[0]!.score > java[1]!.score);
  const logger = res.resolve({ file: 'com.acme.billing.Invoice', line: null, function: null, origin: 'logger' });
  assert.equal(top(logger), 'acme-billing/src/Invoice.java');
  assert.ok(logger[0]!.score > logger[1]!.score);
  const cs = res.resolve(loc('Pay.cs', { function: 'Acme.Pay.Charge' }));
  assert.deepEqual(
    cs.map((c) => c.path),
    ['src/Acme.Pay/Pay.cs', 'src/Shop/Pay.cs'],
  );
});

test('Go: zap relative caller and module-qualified paths; package from the function name', () => {
  const res = createSourceResolver(FILES);
  const zap = res.resolve(loc('charge/charge.go'));
  assert.equal(top(zap), 'internal/charge/charge.go');
  assert.match(zap[0]!.reason, /path suffix charge\/charge.go/);
  assert.equal(top(res.resolve(loc('github.com/acme/pay/internal/charge/charge.go'))), 'internal/charge/charge.go');
  assert.deepEqual(packageDirsFromFunction('github.com/acme/pay/internal/charge.(*Svc).Charge', 'charge.go'), [
    'github.com',
    'acme',
    'pay',
    'internal',
    'charge',
  ]);
  assert.equal(
    top(res.resolve(loc('charge.go', { function: 'github.com/acme/pay/internal/charge.(*Svc).Charge' }))),
    'internal/charge/charge.go',
  );
});

test('Python site-packages paths and .NET paths', () => {
  const res = createSourceResolver(FILES);
  const py = res.resolve(loc('/usr/local/lib/python3.11/site-packages/acme/pay.py'));
  assert.equal(top(py), 'acme/pay.py');
  assert.equal(top(res.resolve(loc('/src/Acme.Pay/Pay.cs'))), 'src/Acme.Pay/Pay.cs');
  assert.equal(top(res.resolve(loc('Pay.cs', { function: 'Acme.Pay.Charge' }))), 'src/Acme.Pay/Pay.cs');
});

test('logger name → class, module or type file, always below real paths', () => {
  const res = createSourceResolver(FILES);
  const java = res.resolve({ file: 'com.acme.Pay', line: null, function: null, origin: 'logger' });
  assert.equal(top(java), 'services/pay/src/main/java/com/acme/Pay.java');
  assert.match(java[0]!.reason, /logger com.acme.Pay/);
  assert.ok(java[0]!.score < 80);
  assert.equal(java[0]!.line, null);
  assert.equal(
    top(res.resolve({ file: 'com.acme.Ledger', line: null, function: null, origin: 'logger' })),
    'services/pay/src/main/kotlin/com/acme/Ledger.kt',
  );
  assert.equal(top(res.resolve({ file: 'acme.pay', line: null, function: null, origin: 'logger' })), 'acme/pay.py');
  assert.equal(top(res.resolve({ file: 'acme', line: null, function: null, origin: 'logger' })), 'acme/__init__.py');
  assert.deepEqual(res.resolve({ file: 'org.other.Thing', line: null, function: null, origin: 'logger' }), []);
});

test('explainNoMatch says why and what to set', () => {
  const res = createSourceResolver(FILES);
  assert.deepEqual(res.resolve(loc('/app/com/acme/Missing.java')), []);
  const why = res.explainNoMatch(loc('/app/com/acme/Missing.java'));
  assert.match(why, /no workspace file named Missing.java/);
  assert.match(why, /threadline.pathMappings/);
  assert.match(why, /map \/app\//);
  assert.match(
    res.explainNoMatch(loc('PAY.JS')),
    new RegExp(
      [
        /src\/pay.js differs only in letter case/.source,
        /routes\/pay.js differs only in letter case/.source,
        /pay.js differs only in letter case/.source,
      ].join('|'),
    ),
  );
  assert.match(
    res.explainNoMatch({ file: 'org.other.Thing', line: null, function: null, origin: 'logger' }),
    /logger org.other.Thing: no workspace file org\/other\/Thing.java/,
  );
  assert.match(res.explainNoMatch(loc('node:internal/process/task_queues')), /runtime frame/);
  assert.equal(res.explainNoMatch(loc('')), 'the record has no source file');
});

test('100,000 workspace files: resolution uses the base-name index', () => {
  const files: string[] = [];
  for (let i = 0; i < 100_000; i++) files.push(`pkg${i % 1000}/mod${i}/file${i}.ts`);
  files.push('deep/a/b/c/target.ts');
  const res = createSourceResolver(files);
  const r = res.resolve(loc('/app/deep/a/b/c/target.ts'));
  assert.equal(top(r), 'deep/a/b/c/target.ts');
  assert.equal(top(res.resolve(loc('file99999.ts'))), 'pkg999/mod99999/file99999.ts');
});
