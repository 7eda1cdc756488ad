// The Zipkin node of the Sources view and what hangs under it: the searches run (newest first) with their
// results as trace rows, and traces opened by ID. A trace row loads its spans when it is expanded: it fetches
// the trace into the session and lists the merged span tree, local records counted on each span.

import * as vscode from 'vscode';
import type { RemoteTraceSummary } from '../../core/remote/traceStore';
import type { SpanNode } from '../../core/session/api';
import { ForeignCommandId } from '../commands/commandIds';
import { formatDurationNs, formatTimeNs, oneLine, plural, shortKey } from '../tree/format';
import type { ZipkinController, ZipkinSearch } from './zipkinController';

export const ZipkinCommand = {
  Connect: ForeignCommandId.ConnectZipkin,
  Disconnect: ForeignCommandId.DisconnectZipkin,
  Search: ForeignCommandId.SearchZipkin,
  OpenTrace: ForeignCommandId.OpenZipkinTrace,
  FindTrace: ForeignCommandId.FindTraceInZipkin,
} as const;

export type ZipkinNode =
  | { type: 'zipkin'; id: string; url: string }
  | { type: 'zipkinSearch'; id: string; search: ZipkinSearch }
  | { type: 'zipkinTrace'; id: string; traceId: string; summary: RemoteTraceSummary | null }
  | { type: 'zipkinSpan'; id: string; traceId: string; groupId: string; spanId: string; node: SpanNode }
  | { type: 'zipkinMessage'; id: string; text: string; error: boolean; command?: vscode.Command };

export function isZipkinNode(n: { type: string }): n is ZipkinNode {
  return n.type.startsWith('zipkin');
}

export class ZipkinTreeSection {
  constructor(private readonly zipkin: ZipkinController) {}

  get onDidChange(): vscode.Event<void> {
    return this.zipkin.onDidChange;
  }

  /** The Zipkin node when a URL is configured. */
  roots(): ZipkinNode[] {
    const url = this.zipkin.url();
    return url ? [{ type: 'zipkin', id: 'zipkin', url }] : [];
  }

  async children(node: ZipkinNode): Promise<ZipkinNode[]> {
    switch (node.type) {
      case 'zipkin': {
        const out: ZipkinNode[] = this.zipkin.searches.map((s) => ({
          type: 'zipkinSearch',
          id: `zipkin:search:${s.id}`,
          search: s,
        }));
        const listed = new Set(this.zipkin.searches.flatMap((s) => s.results.map((r) => r.traceId)));
        for (const f of [...this.zipkin.fetched.values()].reverse()) {
          if (!listed.has(f.traceId))
            out.push({ type: 'zipkinTrace', id: `zipkin:opened:${f.traceId}`, traceId: f.traceId, summary: null });
        }
        if (out.length === 0) {
          out.push({
            type: 'zipkinMessage',
            id: 'zipkin:hint',
            text: 'Search traces…',
            error: false,
            command: { command: ZipkinCommand.Search, title: 'Search Traces' },
          });
        }
        return out;
      }
      case 'zipkinSearch': {
        const s = node.search;
        if (s.state === 'failed')
          return [{ type: 'zipkinMessage', id: `${node.id}:error`, text: s.error ?? 'failed', error: true }];
        if (s.state === 'done' && s.results.length === 0)
          return [{ type: 'zipkinMessage', id: `${node.id}:none`, text: 'No traces match', error: false }];
        return s.results.map((r) => ({
          type: 'zipkinTrace',
          id: `${node.id}:${r.traceId}`,
          traceId: r.traceId,
          summary: r,
        }));
      }
      case 'zipkinTrace': {
        let merged;
        try {
          merged = await this.zipkin.loadTrace(node.traceId);
        } catch (e) {
          return [
            {
              type: 'zipkinMessage',
              id: `${node.id}:error`,
              text: e instanceof Error ? e.message : String(e),
              error: true,
            },
          ];
        }
        return this.zipkin.session.spanTree(merged.group).map((n, i) => ({
          type: 'zipkinSpan',
          id: `${node.id}:span:${i}`,
          traceId: node.traceId,
          groupId: merged.groupId,
          spanId: n.span.spanId,
          node: n,
        }));
      }
      default:
        return [];
    }
  }

  item(node: ZipkinNode): vscode.TreeItem {
    switch (node.type) {
      case 'zipkin': {
        const item = new vscode.TreeItem('Zipkin', vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.description = node.url;
        item.tooltip = `Zipkin at ${node.url}. Nothing is fetched until you search or open a trace.`;
        item.iconPath = new vscode.ThemeIcon('cloud');
        item.contextValue = 'zipkin';
        return item;
      }
      case 'zipkinSearch': {
        const s = node.search;
        const item = new vscode.TreeItem(
          oneLine(s.text || 'all traces', 120),
          vscode.TreeItemCollapsibleState.Expanded,
        );
        item.id = node.id;
        item.description =
          s.state === 'running' ? 'searching…' : s.state === 'failed' ? 'failed' : plural(s.results.length, 'trace');
        item.iconPath = new vscode.ThemeIcon(
          s.state === 'running' ? 'loading~spin' : s.state === 'failed' ? 'error' : 'search',
          s.state === 'failed' ? new vscode.ThemeColor('list.errorForeground') : undefined,
        );
        item.contextValue = 'zipkinSearch';
        return item;
      }
      case 'zipkinTrace': {
        const r = node.summary;
        const fetched = this.zipkin.fetched.get(node.traceId);
        const label = r ? `${r.rootService ?? '?'}: ${r.root ?? '?'}` : shortKey(node.traceId, 24);
        const item = new vscode.TreeItem(oneLine(label, 120), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = oneLine(
          [
            r ? shortKey(r.traceId) : '',
            r ? formatDurationNs(r.durationNs) : '',
            r ? plural(r.spans, 'span') : '',
            r && r.errors > 0 ? plural(r.errors, 'error') : '',
            fetched?.merged ? 'loaded' : fetched?.error ? fetched.error.kind : '',
          ]
            .filter(Boolean)
            .join(' · '),
          160,
        );
        const failed = (r?.errors ?? 0) > 0 || fetched?.error;
        item.iconPath = new vscode.ThemeIcon(
          failed ? 'error' : 'type-hierarchy',
          failed ? new vscode.ThemeColor('list.errorForeground') : undefined,
        );
        item.contextValue = 'zipkinTrace';
        item.command = { command: ZipkinCommand.OpenTrace, title: 'Show Trace', arguments: [node.traceId] };
        const md = new vscode.MarkdownString();
        md.appendMarkdown('**Trace** ');
        md.appendText(node.traceId);
        if (r) {
          md.appendMarkdown('  \nServices: ');
          md.appendText(r.services.join(', '));
          md.appendMarkdown(`  \nStart: ${formatTimeNs(r.startNs)}  \nDuration: ${formatDurationNs(r.durationNs)}`);
        }
        if (fetched?.error) {
          md.appendMarkdown('\n\n**Error:** ');
          md.appendText(fetched.error.message);
        }
        item.tooltip = md;
        return item;
      }
      case 'zipkinSpan': {
        const { span, records, depth } = node.node;
        const item = new vscode.TreeItem(
          oneLine(`${'· '.repeat(depth)}${span.name || span.spanId}`, 120),
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = node.id;
        item.description = oneLine(
          [
            span.service ?? '',
            formatDurationNs(span.endNs - span.startNs),
            records > 0 ? plural(records, 'record') : '',
          ]
            .filter(Boolean)
            .join(' · '),
          160,
        );
        item.iconPath = new vscode.ThemeIcon(
          span.status === 'error' ? 'error' : 'symbol-method',
          span.status === 'error' ? new vscode.ThemeColor('list.errorForeground') : undefined,
        );
        item.contextValue = 'zipkinSpan';
        item.command = {
          command: ZipkinCommand.OpenTrace,
          title: 'Show in Timeline',
          arguments: [{ traceId: node.traceId, spanId: node.spanId, fetch: false }],
        };
        return item;
      }
      case 'zipkinMessage': {
        const item = new vscode.TreeItem(oneLine(node.text, 200), vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.tooltip = node.text;
        item.iconPath = new vscode.ThemeIcon(
          node.error ? 'warning' : 'info',
          node.error ? new vscode.ThemeColor('list.warningForeground') : undefined,
        );
        item.contextValue = 'zipkinMessage';
        if (node.command) item.command = node.command;
        return item;
      }
    }
  }
}
