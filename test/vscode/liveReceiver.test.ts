// Live sources in the real extension host, beyond following a file (live.test.ts): the receiver gets spans from
// an OpenTelemetry SDK exporter and the trace shows in the tree and grows; a followed command is stopped and
// restarted through Sources-view items.

import * as vscode from 'vscode';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { SpanKind, context, trace } from '@opentelemetry/api';
import type { GroupNode } from '../../src/extension/tree/nodes';
import { test } from './harness';
import { assert, api, children, waitFor } from './util';

interface Started {
  kind: string;
  label: string;
  state: string;
  detail: string | null;
  streamNames: string[];
  ports?: Record<string, number | null>;
}

async function exportSpans(
  port: number,
  make: (tracer: ReturnType<TracerProvider['getTracer']>) => void,
): Promise<void> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'live-app' }),
    spanProcessors: [
      new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` }) }),
    ],
  });
  make(provider.getTracer('live-app'));
  await provider.forceFlush();
  await provider.shutdown();
}

test('live: the receiver takes spans from an OTLP exporter; the trace appears in the tree and grows', async () => {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  await vscode.commands.executeCommand('threadline.groupBy', 'trace');
  const started = (await vscode.commands.executeCommand('threadline.startReceiver', {
    otlpPort: 0,
    zipkinPort: 0,
    jsonLinesPort: null,
  })) as Started;
  assert.ok(started?.ports?.otlp, 'the receiver reports its OTLP port');
  try {
    const port = started.ports!.otlp!;
    let root!: ReturnType<ReturnType<TracerProvider['getTracer']>['startSpan']>;
    await exportSpans(port, (tracer) => {
      root = tracer.startSpan('POST /checkout', { kind: SpanKind.SERVER });
      tracer.startSpan('charge card', {}, trace.setSpan(context.active(), root)).end();
      root.end();
    });
    const traceId = root.spanContext().traceId;
    const group = await waitFor('the trace in the tree', () =>
      (children(t) as GroupNode[]).find((n) => n.type === 'group' && n.groupId === `trace:${traceId}`),
    );
    assert.equal(group.group.root, 'POST /checkout');
    assert.equal(t.host.session.spanTree(t.host.ref(group.groupId)).length, 2);
    assert.ok(t.host.session.sources().some((s) => started.streamNames.includes(s.name) && s.spans === 2));

    // A later batch into the same trace: what the tree (and the timeline, which reads the same span tree) shows grows.
    await exportSpans(port, (tracer) =>
      tracer.startSpan('send receipt', {}, trace.setSpan(context.active(), root)).end(),
    );
    await waitFor('the late span', () => t.host.session.spanTree(t.host.ref(group.groupId)).length === 3);
    await waitFor(
      'the tree to show it',
      () =>
        (children(t) as GroupNode[]).find((n) => n.type === 'group' && n.groupId === group.groupId)?.group.spans === 3,
    );
  } finally {
    await vscode.commands.executeCommand('threadline.stopReceiver');
  }
});

test('live: a followed command feeds the session; stop and restart from Sources view items', async () => {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  const node = JSON.stringify(process.execPath);
  const script =
    `let i=0;const t=setInterval(()=>{console.log(JSON.stringify({level:'info',msg:'tick '+i,` +
    `request_id:'live-req'}));if(++i>=2000)clearInterval(t)},5)`;
  const started = (await vscode.commands.executeCommand(
    'threadline.followCommand',
    `${node} -e ${JSON.stringify(script)}`,
  )) as Started;
  assert.equal(started.kind, 'command');
  const name = started.streamNames[0];
  const src = (n: string) => t.host.session.sources().find((s) => s.name === n);
  await waitFor('records from the command', () => (src(name)?.records ?? 0) >= 3);
  await vscode.commands.executeCommand('threadline.stopSource', {
    type: 'source',
    id: `src:${name}`,
    name,
    source: src(name),
  });
  await waitFor('the stream to end', () => src(name)?.done);
  assert.ok(src(name)!.records < 2000, 'stopped before the command finished by itself');
  await vscode.commands.executeCommand('threadline.restartSource', {
    type: 'source',
    id: `src:${name}`,
    name,
    source: src(name),
  });
  await waitFor('a second run', () => (src(`${name} #2`)?.records ?? 0) >= 1);
  await vscode.commands.executeCommand('threadline.stopSource', `${name} #2`);
  await waitFor('the second run to end', () => src(`${name} #2`)?.done);
});
