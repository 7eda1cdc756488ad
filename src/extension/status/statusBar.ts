// The status-bar item: records, errors and the active filter of the session; clicking opens the filter.

import * as vscode from 'vscode';
import type { Filter } from '../../core/session/api';
import { CommandId } from '../commands/commandIds';
import type { SessionHost } from '../sessionHost';

export function describeFilter(f: Filter | null): string {
  if (!f) return '';
  const parts: string[] = [];
  if (f.minLevel) parts.push(`level ≥ ${f.minLevel}`);
  if (f.levels && f.levels.length > 0) parts.push(`levels ${f.levels.join('/')}`);
  if (f.fromNs != null || f.toNs != null) parts.push('time range');
  for (const { field, value } of f.fields ?? []) parts.push(`${field}=${value}`);
  if (f.text) parts.push(`"${f.text}"`);
  if (f.regex) parts.push(`/${f.regex}/`);
  return parts.join(', ');
}

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('threadline.status', vscode.StatusBarAlignment.Left, 10);
  private readonly sub: vscode.Disposable;

  constructor(private readonly host: SessionHost) {
    this.item.name = 'Threadline';
    this.item.command = CommandId.Filter;
    this.sub = host.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const sources = this.host.session.sources();
    if (sources.length === 0) {
      this.item.hide();
      return;
    }
    const records = sources.reduce((n, s) => n + s.records, 0);
    const groups = this.host.session.groups(this.host.grouping);
    const errors = groups.reduce((n, g) => n + g.errors, 0);
    const filter = describeFilter(this.host.session.filter());
    const busy = sources.some((s) => !s.done && s.kind === 'file');
    this.item.text = `${busy ? '$(loading~spin)' : '$(pulse)'} ${records.toLocaleString('en-US')}${errors > 0 ? ` $(error) ${errors.toLocaleString('en-US')}` : ''}${filter ? ' $(filter)' : ''}`;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**Threadline** — ${records.toLocaleString('en-US')} records in ${sources.length} source(s), ${groups.length.toLocaleString('en-US')} groups, ${errors.toLocaleString('en-US')} errors`);
    if (filter) {
      md.appendMarkdown('\n\nFilter: ');
      md.appendText(filter);
    }
    const evicted = this.host.session.evicted();
    if (evicted > 0) md.appendMarkdown(`\n\n${evicted.toLocaleString('en-US')} oldest records dropped (threadline.maxRecords)`);
    md.appendMarkdown('\n\nClick to filter.');
    this.item.tooltip = md;
    this.item.accessibilityInformation = { label: `Threadline: ${records} records, ${errors} errors${filter ? `, filtered by ${filter}` : ''}` };
    this.item.show();
  }

  dispose(): void {
    this.sub.dispose();
    this.item.dispose();
  }
}
