// Measurement (not a test) run inside the real extension host by scripts/vscode/measure.mjs: opens a big
// log through the command a user runs and records when the tree first has groups, when indexing ends, and
// the longest stalls of the extension host's event loop meanwhile.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ThreadlineApi } from '../../src/extension/extension';

export async function run(): Promise<void> {
  const out = process.env.THREADLINE_MEASURE_OUT ?? path.resolve(__dirname, '../../test-results/vscode-measure.json');
  const file = process.env.THREADLINE_MEASURE_FILE;
  const figures: Record<string, unknown> = {};
  try {
    if (!file) throw new Error('THREADLINE_MEASURE_FILE is not set');
    const ext = vscode.extensions.getExtension<ThreadlineApi>('threadline.threadline');
    if (!ext) throw new Error('extension not loaded');
    const t = ext.isActive ? ext.exports : await ext.activate();
    await vscode.commands.executeCommand('workbench.view.extension.threadline');

    // stalls: a 5 ms ticker notes every gap much longer than its period
    const stalls: number[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      if (now - last > 20) stalls.push(now - last - 5);
      last = now;
    }, 5);
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();

    const start = performance.now();
    let firstGroupsMs: number | null = null;
    const opened = vscode.commands.executeCommand('threadline.open', [vscode.Uri.file(file)]);
    while (firstGroupsMs === null) {
      if (t.groupsTree.getChildren().length > 0) firstGroupsMs = performance.now() - start;
      else await new Promise((r) => setTimeout(r, 5));
      if (performance.now() - start > 600_000) break;
    }
    await opened;
    const doneMs = performance.now() - start;
    clearInterval(ticker);
    histogram.disable();
    // the extension's own share: one full redraw of the first page of the tree
    t.groupsTree.refreshNow();
    const pageStart = performance.now();
    for (const n of t.groupsTree.getChildren()) t.groupsTree.getTreeItem(n);
    const treeFirstPageMs = performance.now() - pageStart;
    const src = t.host.session.sources()[0];
    stalls.sort((a, b) => b - a);
    Object.assign(figures, {
      file,
      bytes: src?.bytes,
      records: src?.records,
      groups: t.groupsTree.rootPage().total,
      firstGroupsMs: firstGroupsMs === null ? null : Math.round(firstGroupsMs),
      indexedMs: Math.round(doneMs),
      treeFirstPageMs: Math.round(treeFirstPageMs * 10) / 10,
      longestStallsMs: stalls.slice(0, 5).map((x) => Math.round(x)),
      stallsOver50ms: stalls.filter((x) => x > 50).length,
      eventLoopDelayP99Ms: Math.round(histogram.percentile(99) / 1e6),
      eventLoopDelayMaxMs: Math.round(histogram.max / 1e6),
    });
  } catch (err) {
    figures.error = err instanceof Error ? err.stack : String(err);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ done: true, figures }, null, 2));
}
