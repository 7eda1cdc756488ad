// The `threadline.sources` view: files and streams of the session with progress and counts; a source's
// children are its unreadable lines (number and reason), so nothing is dropped silently.

import * as vscode from 'vscode';
import type { LiveState } from '../../core/live/index';
import type { SourceSummary } from '../../core/session/api';
import type { SessionHost } from '../sessionHost';
import { count, oneLine, plural } from './format';
import { isZipkinNode, type ZipkinNode, type ZipkinTreeSection } from '../remote/zipkinTree';

export type SourceTreeNode =
  | { type: 'source'; id: string; name: string; source: SourceSummary }
  | { type: 'badLine'; id: string; line: number; reason: string; source: string }
  | ZipkinNode;

/** Bad lines listed per source; the count in the label tells about the rest. */
const BAD_LINES_SHOWN = 200;

export class SourcesTreeProvider implements vscode.TreeDataProvider<SourceTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SourceTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;
  private readonly zipkinSub: vscode.Disposable | undefined;
  private timer: NodeJS.Timeout | undefined;
  /**
   * One node object per source, updated in place. Live counts change several times a second, and a root
   * refresh briefly drops the handles VS Code resolves an inline action's element from: a click landing then
   * would reach the command without its row. So while the list of sources stays the same, only the rows refresh.
   */
  private readonly nodes = new Map<string, Extract<SourceTreeNode, { type: 'source' }>>();
  private listed: string[] = [];

  /**
   * `liveStateOf(streamName)`: the state of the live source writing that stream, if one does; `liveNoteOf`:
   * what that source adds to the row ("3 browser requests refused"); `zipkin`: the Zipkin node and what hangs
   * under it, listed above the sources.
   */
  constructor(
    private readonly host: SessionHost,
    private readonly liveStateOf: (streamName: string) => LiveState | undefined = () => undefined,
    private readonly liveNoteOf: (streamName: string) => string | undefined = () => undefined,
    private readonly zipkin?: ZipkinTreeSection,
  ) {
    this.zipkinSub = zipkin?.onDidChange(() => this.changed.fire(undefined));
    this.sub = host.onDidChange(() => {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.refreshRows();
      }, 250);
    });
  }

  getChildren(): SourceTreeNode[];
  getChildren(node?: SourceTreeNode): SourceTreeNode[] | Promise<SourceTreeNode[]>;
  getChildren(node?: SourceTreeNode): SourceTreeNode[] | Promise<SourceTreeNode[]> {
    if (!node) {
      const list = this.host.session.sources().map((s) => this.nodeFor(s));
      this.listed = list.map((n) => n.name);
      for (const name of this.nodes.keys()) if (!this.listed.includes(name)) this.nodes.delete(name);
      return [...(this.zipkin?.roots() ?? []), ...list];
    }
    if (isZipkinNode(node)) return this.zipkin?.children(node) ?? [];
    if (node.type === 'source') {
      return node.source.badLines.slice(0, BAD_LINES_SHOWN).map((b) => ({
        type: 'badLine',
        id: `bad:${node.name}:${b.line}`,
        line: b.line,
        reason: b.reason,
        source: node.name,
      }));
    }
    return [];
  }

  private nodeFor(s: SourceSummary): Extract<SourceTreeNode, { type: 'source' }> {
    const known = this.nodes.get(s.name);
    if (known) {
      known.source = s;
      return known;
    }
    const node = { type: 'source' as const, id: `src:${s.name}`, name: s.name, source: s };
    this.nodes.set(s.name, node);
    return node;
  }

  /** Refreshes each row in place while the same sources are listed; the whole list when one came or went. */
  private refreshRows(): void {
    const sources = this.host.session.sources();
    const same = sources.length === this.listed.length && sources.every((s, i) => s.name === this.listed[i]);
    if (!same) {
      this.changed.fire(undefined);
      return;
    }
    for (const s of sources) this.changed.fire(this.nodeFor(s));
  }

  getTreeItem(node: SourceTreeNode): vscode.TreeItem {
    if (isZipkinNode(node)) return this.zipkin!.item(node);
    if (node.type === 'badLine') {
      const item = new vscode.TreeItem(`line ${node.line}`, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = oneLine(node.reason, 120);
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = 'badLine';
      if (!node.source.includes('://') && node.source.startsWith('/')) {
        item.command = {
          command: 'vscode.open',
          title: 'Open Line',
          arguments: [
            vscode.Uri.file(node.source),
            { selection: new vscode.Range(node.line - 1, 0, node.line - 1, 0) },
          ],
        };
      }
      return item;
    }
    const s = node.source;
    const label = s.kind === 'file' ? (s.name.split(/[\\/]/).pop() ?? s.name) : s.name;
    const item = new vscode.TreeItem(
      label,
      s.badLines.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    const pct = s.bytes > 0 ? Math.floor((s.bytesDone / s.bytes) * 100) : 100;
    const live = this.liveStateOf(s.name);
    const evicted = s.evicted ?? 0;
    const note = this.liveNoteOf(s.name);
    item.description = [
      s.done ? '' : s.kind === 'file' ? `${pct}%` : live === 'paused' ? 'paused' : 'live',
      // past threadline.maxRecords the oldest stream records go: the row says how many are kept of those read
      evicted > 0
        ? `${plural(s.records - evicted, 'record')} kept · ${count(evicted)} evicted`
        : plural(s.records, 'record'),
      s.spans > 0 ? plural(s.spans, 'span') : '',
      s.badLines.length > 0 ? plural(s.badLines.length, 'bad line') : '',
      note ?? '',
      s.error ? 'failed' : '',
    ]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = s.error
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
      : !s.done && s.kind === 'file'
        ? new vscode.ThemeIcon('loading~spin')
        : new vscode.ThemeIcon(s.kind === 'file' ? 'file' : !s.done && live === 'paused' ? 'debug-pause' : 'broadcast');
    item.contextValue = `source.${s.kind}${s.done ? '.done' : ''}${liveSuffix(s, live)}`;
    if (s.kind === 'file' && s.name.startsWith('/')) item.resourceUri = vscode.Uri.file(s.name);
    const md = new vscode.MarkdownString();
    md.appendText(s.name);
    md.appendMarkdown(
      `\n\n${count(s.lines)} lines: ${count(s.recordLines)} records, ` +
        `${count(s.continuationLines)} continuation, ` +
        `${count(s.badLines.length)} bad  \n`,
    );
    md.appendMarkdown(
      `${count(s.records)} records, ${count(s.spans)} spans, ` +
        `${(s.bytes / 1048576).toFixed(1)} MiB, ${Math.round(s.elapsedMs)} ms  \n`,
    );
    if (evicted > 0) {
      const kept = count(s.records - evicted);
      md.appendMarkdown(`${count(evicted)} oldest records evicted, ${kept} kept ` + '(threadline.maxRecords)  \n');
    }
    if (note) {
      md.appendMarkdown(
        `${note}: their origins are in the Threadline Live output (threadline.receiver.allowedOrigins)  \n`,
      );
    }
    const formats = Object.entries(s.formats)
      .map(([f, n]) => `${f} ${n}`)
      .join(', ');
    if (formats) {
      md.appendMarkdown('Formats: ');
      md.appendText(formats);
    }
    if (s.error) {
      md.appendMarkdown('\n\n**Error:** ');
      md.appendText(s.error);
    }
    item.tooltip = md;
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.sub.dispose();
    this.zipkinSub?.dispose();
    this.changed.dispose();
  }
}

/**
 * What the Sources view's menus may do with a stream (package.json's when-clauses match these): pause or stop
 * the run writing it, resume it, restart a source whose run ended. A stream of an earlier run of a source that
 * has been restarted gets nothing: its actions belong to the newer stream.
 */
function liveSuffix(s: SourceSummary, live: LiveState | undefined): string {
  if (!live || s.kind === 'file') return '';
  if (!s.done && (live === 'running' || live === 'paused')) return `.live-${live}`;
  if (s.done && live !== 'running' && live !== 'paused') return '.live-ended';
  return '';
}
