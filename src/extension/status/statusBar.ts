// The status-bar item: records, errors and the active filter of the session; clicking opens the filter.

import * as vscode from 'vscode';
import type { SessionApi } from '../../core/session/api';
import type { Span } from '../../core/model';
import { CommandId } from '../commands/commandIds';
import type { SessionHost } from '../sessionHost';

/**
 * Spans with status error, counted as they arrive: the session's stats count records only, and summing the
 * groups' error counts instead would build every group summary on each change (tens of ms for 100k groups).
 */
export class SpanErrorCounter {
  private seen = 0;
  private errors = 0;
  private list: readonly Span[] | null = null;

  count(session: Pick<SessionApi, 'spans'>): number {
    const spans = session.spans();
    // A cleared session may hand back a new (or emptied) list: count it afresh.
    if (spans !== this.list || spans.length < this.seen) {
      this.list = spans;
      this.seen = 0;
      this.errors = 0;
    }
    for (; this.seen < spans.length; this.seen++) if (spans[this.seen]!.status === 'error') this.errors++;
    return this.errors;
  }
}

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('threadline.status', vscode.StatusBarAlignment.Left, 10);
  private readonly sub: vscode.Disposable;
  private readonly spanErrors = new SpanErrorCounter();

  constructor(private readonly host: SessionHost) {
    this.item.name = 'Threadline';
    this.item.command = CommandId.Filter;
    this.sub = host.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const session = this.host.session;
    const sources = session.sources();
    if (sources.length === 0) {
      this.item.hide();
      return;
    }
    // Only counts: this runs on every change, and the groups themselves are the tree's business (paged there).
    const stats = session.stats();
    // the records held: past threadline.maxRecords the evicted ones are no longer in the session
    const records = stats.records;
    const groups = session.groupsPage(this.host.groupQuery(), { limit: 0 }).total;
    const spanErrors = this.spanErrors.count(session);
    const errors = stats.errors + spanErrors;
    const filter = this.host.filter;
    const busy = sources.some((s) => !s.done && s.kind === 'file');
    const n = (x: number) => x.toLocaleString('en-US');
    this.item.text =
      `${busy ? '$(loading~spin)' : '$(pulse)'} ${n(records)}${errors > 0 ? ` $(error) ${n(errors)}` : ''}` +
      `${filter ? ' $(filter)' : ''}`;
    const md = new vscode.MarkdownString();
    const errorParts = spanErrors > 0 ? ` (${n(stats.errors)} in records, ${n(spanErrors)} in spans)` : '';
    md.appendMarkdown(
      `**Threadline** — ${n(records)} records in ${sources.length} source(s), ${n(groups)} ` +
        `groups${filter ? ' match the filter' : ''}, ${n(errors)} errors${errorParts}`,
    );
    if (filter) {
      md.appendMarkdown('\n\nFilter: ');
      md.appendText(filter);
    }
    const evicted = session.evicted();
    if (evicted > 0) md.appendMarkdown(`\n\n${n(evicted)} oldest records dropped (threadline.maxRecords)`);
    md.appendMarkdown('\n\nClick to filter.');
    this.item.tooltip = md;
    this.item.accessibilityInformation = {
      label: `Threadline: ${records} records, ${errors} errors${filter ? `, filtered by ${filter}` : ''}`,
    };
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
