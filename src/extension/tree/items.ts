// TreeItems for the groups tree: labels that say what matters at a glance, theme icons and colours per
// level, Markdown tooltips. Log text reaches tooltips only through appendText (escaped, no HTML, no links).

import * as vscode from 'vscode';
import type { Level } from '../../core/model';
import { CommandId } from '../commands/commandIds';
import {
  durationBetween,
  formatDurationNs,
  formatTimeNs,
  formatClockNs,
  count,
  levelLabel,
  oneLine,
  plural,
  shortKey,
} from './format';
import type { GroupNode, MoreNode, RecordNode, SpanTreeNode } from './nodes';

const KIND_TITLE: Record<string, string> = {
  trace: 'Trace',
  correlation: 'Correlation ID',
  thread: 'Thread',
  field: 'Field value',
};
const KIND_ICON: Record<string, string> = {
  trace: 'pulse',
  correlation: 'link',
  thread: 'list-ordered',
  field: 'symbol-field',
};

export function levelIcon(level: Level | null): vscode.ThemeIcon {
  switch (level) {
    case 'fatal':
    case 'error':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'warn':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'info':
      return new vscode.ThemeIcon('info', new vscode.ThemeColor('charts.blue'));
    case 'debug':
      return new vscode.ThemeIcon('debug', new vscode.ThemeColor('descriptionForeground'));
    case 'trace':
      return new vscode.ThemeIcon('circle-small', new vscode.ThemeColor('descriptionForeground'));
    default:
      return new vscode.ThemeIcon('circle-outline');
  }
}

function line(md: vscode.MarkdownString, label: string, value: string): void {
  if (!value) return;
  md.appendMarkdown(`**${label}:** `);
  md.appendText(value);
  md.appendMarkdown('  \n');
}

/**
 * A group leads with what a person recognises — its root span's name, or the request line or first message of a
 * group without one (`title`) — then service and time of day; the ID follows in the description and tooltip.
 */
export function groupItem(node: GroupNode, hasSpans: boolean, title: string | null = node.group.root): vscode.TreeItem {
  const g = node.group;
  const named = title !== null && title.trim() !== '';
  const item = new vscode.TreeItem(
    named ? oneLine(title, 80) : shortKey(g.key, 24),
    vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = node.id;
  const duration = formatDurationNs(durationBetween(g.startNs, g.endNs));
  const parts = [
    g.services.length > 0
      ? g.services.slice(0, 2).join(', ') + (g.services.length > 2 ? ` +${g.services.length - 2}` : '')
      : '',
    formatClockNs(g.startNs).slice(0, 12),
    named ? shortKey(g.key, 24) : '',
    plural(g.records, 'record'),
    duration,
    g.errors > 0 ? plural(g.errors, 'error') : '',
  ].filter(Boolean);
  item.description = oneLine(parts.join(' · '), 160);
  item.iconPath = new vscode.ThemeIcon(
    g.errors > 0 ? 'error' : (KIND_ICON[g.kind] ?? 'circle-outline'),
    g.errors > 0 ? new vscode.ThemeColor('list.errorForeground') : undefined,
  );
  item.contextValue = hasSpans ? 'group.spans' : 'group';

  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${KIND_TITLE[g.kind] ?? 'Group'}**  \n`);
  md.appendCodeblock(g.key, 'text');
  line(md, 'Services', g.services.join(', '));
  line(md, 'Root span', g.root ?? '');
  line(md, 'Records', count(g.records));
  line(md, 'Spans', count(g.spans));
  line(md, 'Errors', count(g.errors));
  line(md, 'Start', formatTimeNs(g.startNs));
  line(md, 'Duration', duration);
  item.tooltip = md;
  item.accessibilityInformation = { label: `${KIND_TITLE[g.kind] ?? 'Group'} ${g.key}, ${item.description}` };
  return item;
}

/** `title` names a span derived from logs by its records (first request line or message) instead of its ID. */
export function spanItem(
  node: SpanTreeNode,
  groupStartNs: bigint | null,
  title: string | null = null,
): vscode.TreeItem {
  const { span, children, records, errors } = node.node;
  const expandable = children > 0 || records > 0;
  const name = title !== null && title.trim() !== '' ? title : span.name || span.spanId;
  const item = new vscode.TreeItem(
    oneLine(name, 120),
    expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = node.id;
  const duration = formatDurationNs(span.endNs - span.startNs);
  item.description = oneLine(
    [
      span.service ?? '',
      duration,
      records > 0 ? plural(records, 'record') : '',
      errors > 0 ? plural(errors, 'error') : '',
    ]
      .filter(Boolean)
      .join(' · '),
    160,
  );
  const failed = span.status === 'error' || errors > 0;
  const icon =
    span.origin === 'placeholder' ? 'question' : span.origin === 'derived' ? 'symbol-namespace' : 'symbol-method';
  item.iconPath = new vscode.ThemeIcon(
    failed ? 'error' : icon,
    failed ? new vscode.ThemeColor('list.errorForeground') : undefined,
  );
  item.contextValue = 'span';

  const md = new vscode.MarkdownString();
  md.appendMarkdown('**Span** ');
  md.appendText(span.name || span.spanId);
  md.appendMarkdown('  \n');
  line(md, 'Service', span.service ?? '');
  line(md, 'Span ID', span.spanId);
  line(md, 'Parent', span.parentSpanId ?? '');
  line(md, 'Kind', span.kind ?? '');
  line(md, 'Duration', duration);
  if (groupStartNs !== null) line(md, 'Starts at', `+${formatDurationNs(span.startNs - groupStartNs) || '0 ns'}`);
  line(md, 'Status', span.status + (span.statusMessage ? `: ${span.statusMessage}` : ''));
  line(
    md,
    'Origin',
    span.origin === 'reported'
      ? `reported (${span.format})`
      : span.origin === 'placeholder'
        ? 'placeholder: a parent referenced but never reported'
        : 'derived from log records',
  );
  line(md, 'Records', count(records));
  item.tooltip = md;
  return item;
}

export function recordItem(node: RecordNode): vscode.TreeItem {
  const r = node.record;
  const item = new vscode.TreeItem(oneLine(r.message || '(no message)', 160), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = [formatClockNs(r.timeNs), r.level ? levelLabel(r.level) : '', r.service ?? '']
    .filter(Boolean)
    .join(' · ');
  item.iconPath = levelIcon(r.level);
  item.contextValue = r.source ? 'record.source' : 'record';
  item.command = { command: CommandId.ShowRecord, title: 'Show Record', arguments: [r.id] };

  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${levelLabel(r.level)}** `);
  md.appendText(formatTimeNs(r.timeNs));
  md.appendMarkdown('\n\n');
  md.appendText(r.message);
  md.appendMarkdown('\n\n');
  line(md, 'Service', r.service ?? '');
  line(md, 'Thread', r.thread ?? '');
  line(md, 'Trace', r.traceId ?? '');
  line(md, 'Span', r.spanId ?? '');
  if (r.source)
    line(md, 'Source', `${r.source.file}${r.source.line !== null ? `:${r.source.line}` : ''} (${r.source.origin})`);
  line(md, 'From', `${r.position.source}:${r.position.line}`);
  item.tooltip = md;
  return item;
}

export function moreItem(node: MoreNode, next: number): vscode.TreeItem {
  const item = new vscode.TreeItem(`Show ${count(next)} more…`, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = `${count(node.remaining)} not shown`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.contextValue = 'more';
  item.command = { command: CommandId.ShowMore, title: 'Show More', arguments: [node] };
  return item;
}
