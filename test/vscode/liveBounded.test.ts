// Bounded live sources in the real extension host: lowering threadline.maxRecords evicts at once (no window
// reload) and the stream's Sources row shows kept and evicted; a web page's request to the receiver is refused
// and counted on the listener's row.

import { request } from 'node:http';
import * as vscode from 'vscode';
import type { SourceTreeNode } from '../../src/extension/tree/sourcesTree';
import { test } from './harness';
import { api, assert, setSetting, waitFor } from './util';

interface Started {
  streamNames: string[];
  ports?: Record<string, number | null>;
}

function rowOf(t: Awaited<ReturnType<typeof api>>, name: string): vscode.TreeItem {
  const source = t.host.session.sources().find((s) => s.name === name)!;
  const node: SourceTreeNode = { type: 'source', id: `src:${name}`, name, source };
  return t.sourcesTree.getTreeItem(node);
}

test('live: a lower threadline.maxRecords applies at once; the Sources row shows kept and evicted', async () => {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  const node = JSON.stringify(process.execPath);
  const script = "for(let i=0;i<5000;i++)console.log(JSON.stringify({level:'info',msg:'n '+i,request_id:'r'+(i%50)}))";
  const commandLine = `${node} -e ${JSON.stringify(script)}`;
  const started = (await vscode.commands.executeCommand('threadline.followCommand', commandLine)) as Started;
  const name = started.streamNames[0]!;
  try {
    const records = () => t.host.session.sources().find((s) => s.name === name)?.records;
    await waitFor('all 5,000 records', () => records() === 5000, 20_000);
    assert.equal(t.host.session.evicted(), 0);
    await setSetting('maxRecords', 1000);
    await waitFor('eviction down to the new cap', () => t.host.session.stats().records <= 1000);
    assert.equal(t.host.session.stats().records + t.host.session.evicted(), 5000);
    const item = rowOf(t, name);
    assert.match(String(item.description), /\d{3} records kept · 4,0\d\d evicted/, String(item.description));
  } finally {
    await setSetting('maxRecords', undefined);
    await vscode.commands.executeCommand('threadline.clear');
  }
});

test('live: a browser request to the receiver is refused and counted on the listener row', async () => {
  const t = await api();
  await vscode.commands.executeCommand('threadline.clear');
  const started = (await vscode.commands.executeCommand('threadline.startReceiver', {
    otlpPort: null,
    zipkinPort: 0,
    jsonLinesPort: null,
  })) as Started;
  try {
    const port = started.ports!.zipkin!;
    const body = JSON.stringify([{ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', id: '00f067aa0ba902b7', name: 'x' }]);
    for (let i = 0; i < 3; i++) {
      const status = await new Promise<number>((resolve, reject) => {
        const headers = { Origin: 'http://evil.test', 'Sec-Fetch-Mode': 'no-cors' };
        const req = request({ host: '127.0.0.1', port, path: '/api/v2/spans', method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end(body);
      });
      assert.equal(status, 403);
    }
    assert.equal(t.host.session.spans().length, 0, 'nothing reached the session');
    // this run's stream (a receiver started before in this window named its streams too)
    const name = started.streamNames.filter((n) => n.startsWith('Zipkin')).pop()!;
    await waitFor('the count on the row', () => /3 browser requests refused/.test(String(rowOf(t, name).description)));
  } finally {
    await vscode.commands.executeCommand('threadline.stopReceiver');
    await vscode.commands.executeCommand('threadline.clear');
  }
});
