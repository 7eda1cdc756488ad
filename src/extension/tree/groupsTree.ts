// The `threadline.groups` tree: groups → span tree → records. Children are computed only when a node is
// expanded and long lists are paged ("Show 500 more…"), so a session with 100,000 groups costs one page.

import * as vscode from 'vscode';
import type { GroupSummary, RecordMessage, RecordSummary, SpanNode } from '../../core/session/api';
import type { ConfigStore } from '../config';
import type { SessionHost } from '../sessionHost';
import type { GroupNode, MoreNode, RecordNode, SpanTreeNode, TreeNode } from './nodes';
import { groupItem, moreItem, recordItem, spanItem } from './items';
import { childSpans, standInRoot } from './shape';

/** A list of records paged on demand. */
interface RecordList {
  total(): number;
  page(offset: number, limit: number): RecordSummary[];
}

/**
 * Collapse bursts of session changes (a file being indexed, a live stream) into a few refreshes a second: the
 * first after 250 ms, then each wait doubles up to 1 s while the changes go on (a refresh re-reads the page and
 * its labels on the thread that also takes the records in), back to 250 ms once the sources are done or quiet.
 */
const REFRESH_MS = 250;
const MAX_REFRESH_MS = 1000;
/** Records read to name a group that has no root span. */
const TITLE_RECORDS = 5;
/** Labels remembered across refreshes (a few pages' worth; a live source's groups come and go). */
const MAX_TITLES = 20_000;
/**
 * Time labelling a page may take in one turn (VS Code asks for a whole page at once), in batches of groups; the
 * rest of the page is labelled by a refresh soon after, so the host's thread is never held for long.
 */
const LABEL_BUDGET_MS = 20;
const LABEL_BATCH = 64;
const LABEL_AGAIN_MS = 50;
const REQUEST_LINE = /\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/\S*/;

export class GroupsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  /** How many children each list shows; keyed by pageKey. Survives data refreshes, reset by regrouping. */
  private readonly shown = new Map<string, number>();
  /** The root list's shown part (`groupsPage`): a refresh costs the page, not a sort of every group. */
  private rootCache: { limit: number; total: number; items: GroupSummary[] } | null = null;
  private readonly spanTrees = new Map<string, SpanNode[]>();
  private readonly unattached = new Map<string, RecordSummary[]>();
  /** Readable labels by group (and span), each with the counts it was read at: kept while those stay the same. */
  private readonly titles = new Map<string, { stamp: string; title: string | null }>();
  /** Elements by id, so reveal() and refreshes hand VS Code the same objects. */
  private readonly nodes = new Map<string, TreeNode>();
  private refreshTimer: NodeJS.Timeout | undefined;
  /** A refresh that labels the rest of the page (see LABEL_BUDGET_MS). */
  private labelTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly host: SessionHost,
    private readonly config: ConfigStore,
  ) {
    this.disposables.push(
      this.changed,
      host.onDidChange((reason) => {
        // caches go at once (a caller may ask right after a change); only the view's refresh is batched
        this.invalidate();
        if (reason !== 'data') this.titles.clear();
        if (reason === 'data') this.scheduleRefresh();
        else {
          this.shown.clear();
          this.refreshDelay = REFRESH_MS;
          this.refreshNow();
        }
      }),
      config.onDidChange(({ previous, current }) => {
        if (previous.pageSize !== current.pageSize) {
          this.shown.clear();
          this.refreshNow();
        }
      }),
    );
  }

  private refreshDelay = REFRESH_MS;

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    // the last change of a load (every source done) is shown at once, not after a long wait
    const settled = this.host.session.sources().every((src) => src.done);
    const delay = settled ? REFRESH_MS : this.refreshDelay;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      // a change event that changed nothing visible must not redraw the view: a redraw drops a pending reveal
      if (this.signature() !== this.lastSignature) {
        this.refreshNow();
        this.refreshDelay = Math.min(MAX_REFRESH_MS, delay * 2);
      } else this.refreshDelay = REFRESH_MS;
    }, delay);
  }

  private lastSignature = '';

  /** What the tree's content depends on, cheaply: counts per source, grouping, filter. */
  private signature(): string {
    const sources = this.host.session
      .sources()
      .map((s) => `${s.name}:${s.records}:${s.spans}:${s.done}`)
      .join('|');
    return `${sources}#${this.host.groupingKind()}#${JSON.stringify(this.host.filter)}#${this.host.session.evicted()}`;
  }

  /** Whether a batched refresh is still to come (a reveal must not race it: it would reset the selection). */
  get refreshPending(): boolean {
    return this.refreshTimer !== undefined;
  }

  private invalidations = 0;

  private invalidate(): void {
    this.invalidations++;
    this.rootCache = null;
    this.spanTrees.clear();
    this.unattached.clear();
    this.nodes.clear();
  }

  refreshNow(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.invalidate();
    this.lastSignature = this.signature();
    this.changed.fire(undefined);
  }

  private get pageSize(): number {
    return this.config.current.pageSize;
  }

  private limitFor(pageKey: string): number {
    return this.shown.get(pageKey) ?? this.pageSize;
  }

  /** Shows one more page of the list behind a "Show more" node. */
  showMore(node: MoreNode): void {
    this.shown.set(node.pageKey, this.limitFor(node.pageKey) + this.pageSize);
    this.nodes.clear();
    this.changed.fire(node.parent);
  }

  /** The groups the root list shows now (its opened pages) and how many there are in all. */
  rootPage(): { total: number; items: GroupSummary[] } {
    const limit = this.limitFor('root');
    if (!this.rootCache || this.rootCache.limit !== limit)
      this.rootCache = { limit, ...this.host.session.groupsPage(this.host.groupQuery(), { offset: 0, limit }) };
    return this.rootCache;
  }

  /**
   * Position of a group in the current grouping's list (filter applied), or -1. Looks at the shown page first,
   * then reads on page by page: only a reveal of a group far down the list pays for the rest.
   */
  indexOfGroup(groupId: string): number {
    const shown = this.rootPage();
    const i = shown.items.findIndex((g) => g.id === groupId);
    if (i >= 0 || shown.items.length >= shown.total) return i;
    const chunk = 5000;
    for (let offset = shown.items.length; offset < shown.total; offset += chunk) {
      const page = this.host.session.groupsPage(this.host.groupQuery(), { offset, limit: chunk });
      const j = page.items.findIndex((g) => g.id === groupId);
      if (j >= 0) return offset + j;
      if (page.items.length === 0) break;
    }
    return -1;
  }

  /** Whether the current grouping lists this group (under the filter). */
  listsGroup(groupId: string): boolean {
    return this.indexOfGroup(groupId) >= 0;
  }

  spanTree(groupId: string): SpanNode[] {
    let tree = this.spanTrees.get(groupId);
    if (!tree) {
      tree = this.host.session.spanTree(this.host.ref(groupId));
      this.spanTrees.set(groupId, tree);
    }
    return tree;
  }

  /** A group's records (optionally one span's) under the tree's filter, time-ordered. */
  private records(
    groupId: string,
    opts: { spanId?: string; offset?: number; limit?: number },
  ): { total: number; items: RecordSummary[] } {
    const scope = { group: this.host.ref(groupId), ...(opts.spanId !== undefined ? { spanId: opts.spanId } : {}) };
    return this.host.session.query(
      { scope, filter: this.host.filter },
      { offset: opts.offset ?? 0, limit: opts.limit ?? 500 },
    );
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'group':
        // the summary's span count, not spanTree(): building 500 span trees to label a page costs too much
        return groupItem(node, node.group.spans > 0, node.group.root ?? this.recognisable(node.groupId, node.group));
      case 'span':
        return spanItem(
          node,
          this.groupStart(node.groupId),
          node.node.span.origin === 'derived'
            ? this.recognisable(
                node.groupId,
                (this.nodes.get(`g:${node.groupId}`) as GroupNode | undefined)?.group,
                node.spanId,
              )
            : null,
        );
      case 'record':
        return recordItem(node);
      case 'more':
        return moreItem(node, Math.min(this.pageSize, node.remaining));
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.type === 'group' ? undefined : node.parent;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.rootChildren();
    switch (node.type) {
      case 'group':
        return this.groupChildren(node);
      case 'span':
        return this.spanChildren(node);
      default:
        return [];
    }
  }

  private intern<T extends TreeNode>(n: T): T {
    const known = this.nodes.get(n.id);
    if (known && known.type === n.type) return known as T;
    this.nodes.set(n.id, n);
    return n;
  }

  /** What a person recognises a group or derived span by when no tracer named it (see `titleOf`), kept per group. */
  private recognisable(groupId: string, group: GroupSummary | undefined, spanId?: string): string | null {
    const key = `${groupId}\u0000${spanId ?? ''}`;
    const stamp = this.titleStamp(group);
    const known = this.titles.get(key);
    if (known?.stamp === stamp) return known.title;
    // a group's label is read with its page's (labelGroups); until then it keeps the one it had
    if (spanId === undefined) return known?.title ?? null;
    const ids = this.titleIds(groupId, spanId);
    return this.keepTitle(key, stamp, titleOf(this.host.session.recordMessages(ids)));
  }

  /**
   * Labels a page of groups (VS Code asks for every item of the page): the first records of many groups are read
   * in one pass over their bytes, windows of megabytes instead of a read per group; past the turn's budget, the
   * rest waits for the next refresh.
   */
  private labelGroups(groups: readonly GroupSummary[]): void {
    const todo: { key: string; stamp: string; groupId: string }[] = [];
    for (const g of groups) {
      if (g.root !== null) continue;
      const key = `${g.id}\u0000`;
      const stamp = this.titleStamp(g);
      if (this.titles.get(key)?.stamp !== stamp) todo.push({ key, stamp, groupId: g.id });
    }
    const deadline = performance.now() + LABEL_BUDGET_MS;
    for (let b = 0; b < todo.length; b += LABEL_BATCH) {
      if (b > 0 && performance.now() > deadline) {
        this.labelLater();
        return;
      }
      const batch = todo.slice(b, b + LABEL_BATCH).map((t) => ({ ...t, ids: this.titleIds(t.groupId) }));
      const all = new Set<number>();
      for (const t of batch) for (let i = 0; i < t.ids.length; i++) all.add(t.ids[i]!);
      const byId = new Map(this.host.session.recordMessages([...all].sort((x, y) => x - y)).map((m) => [m.id, m]));
      for (const t of batch) {
        const first: RecordMessage[] = [];
        for (let i = 0; i < t.ids.length; i++) {
          const m = byId.get(t.ids[i]!);
          if (m !== undefined) first.push(m);
        }
        this.keepTitle(t.key, t.stamp, titleOf(first));
      }
    }
  }

  private labelLater(): void {
    if (this.labelTimer) return;
    this.labelTimer = setTimeout(() => {
      this.labelTimer = undefined;
      this.refreshNow();
    }, LABEL_AGAIN_MS);
  }

  /**
   * A group's first records change only when its counts or the evictions do; under a filter whose verdicts are
   * still arriving, only until the next change.
   */
  private titleStamp(group: GroupSummary | undefined): string {
    return group
      ? `${group.records}:${group.spans}:${this.host.session.evicted()}:${this.host.filter ? this.invalidations : ''}`
      : `#${this.invalidations}`;
  }

  /** The first records a label is read from (messages alone: a full parse costs ~5× more). */
  private titleIds(groupId: string, spanId?: string): ArrayLike<number> {
    const scope = { group: this.host.ref(groupId), ...(spanId !== undefined ? { spanId } : {}) };
    return this.host.session.queryIds({ scope, filter: this.host.filter }, { offset: 0, limit: TITLE_RECORDS }).ids;
  }

  private keepTitle(key: string, stamp: string, title: string | null): string | null {
    if (this.titles.size >= MAX_TITLES) this.titles.clear();
    this.titles.set(key, { stamp, title });
    return title;
  }

  private groupStart(groupId: string): bigint | null {
    return (
      (this.nodes.get(`g:${groupId}`) as GroupNode | undefined)?.group.startNs ??
      this.rootPage().items.find((g) => g.id === groupId)?.startNs ??
      null
    );
  }

  private rootChildren(): TreeNode[] {
    const { total, items } = this.rootPage();
    this.labelGroups(items);
    const out: TreeNode[] = items.map((g) => this.groupNode(g));
    if (total > items.length)
      out.push(
        this.intern<MoreNode>({
          type: 'more',
          id: 'more:root',
          pageKey: 'root',
          remaining: total - items.length,
          parent: undefined,
        }),
      );
    return out;
  }

  private groupNode(g: GroupSummary): GroupNode {
    return this.intern<GroupNode>({ type: 'group', id: `g:${g.id}`, groupId: g.id, group: g });
  }

  private groupChildren(node: GroupNode): TreeNode[] {
    return this.listOf(node).nodes();
  }

  private spanChildren(node: SpanTreeNode): TreeNode[] {
    return this.listOf(node).nodes();
  }

  /** The span a group's level stands for (see standInRoot), or -1. */
  standIn(groupId: string): number {
    const tree = this.spanTree(groupId);
    if (tree.length === 0) return -1;
    return standInRoot(tree, this.groupRecordsOutsideSpans(groupId, tree).total());
  }

  /**
   * What a group or span lists: child spans, then records, under one page key. A group that stands for its only
   * root span lists that span's children and records, and its record rows carry that span's ID.
   */
  private listOf(node: GroupNode | SpanTreeNode): {
    pageKey: string;
    spans: SpanTreeNode[];
    records: RecordList;
    nodes(): TreeNode[];
  } {
    const { groupId } = node;
    const tree = this.spanTree(groupId);
    const pageKey = node.type === 'group' ? `g:${groupId}` : `s:${groupId}:${node.spanId}`;
    const stand = node.type === 'group' ? this.standIn(groupId) : -1;
    const at = node.type === 'span' ? node.index : stand;
    const spanId = at >= 0 ? tree[at]!.span.spanId : null;
    const spans = node.type === 'group' && at < 0 ? childSpans(tree, -1) : at >= 0 ? childSpans(tree, at) : [];
    const spanNodes = spans.map((i) => this.spanNode(node, tree, i));
    const records: RecordList =
      spanId !== null
        ? {
            total: () => this.records(groupId, { spanId, limit: 0 }).total,
            page: (offset, limit) => this.records(groupId, { spanId, offset, limit }).items,
          }
        : this.groupRecordsOutsideSpans(groupId, tree);
    return {
      pageKey,
      spans: spanNodes,
      records,
      nodes: () => this.page(pageKey, node, spanId, spanNodes, records),
    };
  }

  private spanNode(parent: GroupNode | SpanTreeNode, tree: SpanNode[], i: number): SpanTreeNode {
    const n = tree[i]!;
    return this.intern<SpanTreeNode>({
      type: 'span',
      id: `s:${parent.groupId}:${n.span.spanId}`,
      groupId: parent.groupId,
      spanId: n.span.spanId,
      index: i,
      node: n,
      parent,
    });
  }

  /**
   * Records of a group that belong to no span of its tree (all of them for a group without spans). Without
   * spans the session pages them directly; with spans they are filtered once and kept until the next change.
   */
  private groupRecordsOutsideSpans(groupId: string, tree: SpanNode[]): RecordList {
    if (tree.length === 0) {
      return {
        total: () => this.records(groupId, { limit: 0 }).total,
        page: (offset: number, limit: number) => this.records(groupId, { offset, limit }).items,
      };
    }
    const list = () => {
      let cached = this.unattached.get(groupId);
      if (!cached) {
        const inSpans = tree.reduce((sum, n) => sum + n.records, 0);
        const total = this.records(groupId, { limit: 0 }).total;
        if (total <= inSpans) cached = [];
        else {
          const spanIds = new Set(tree.map((n) => n.span.spanId));
          cached = this.records(groupId, { offset: 0, limit: total }).items.filter(
            (r) => r.spanId === null || !spanIds.has(r.spanId),
          );
        }
        this.unattached.set(groupId, cached);
      }
      return cached;
    };
    return {
      total: () => list().length,
      page: (offset: number, limit: number) => list().slice(offset, offset + limit),
    };
  }

  /** Child spans first, then records, cut at the list's current page limit. */
  private page(
    pageKey: string,
    parent: GroupNode | SpanTreeNode,
    spanId: string | null,
    spans: TreeNode[],
    records: RecordList,
  ): TreeNode[] {
    const limit = this.limitFor(pageKey);
    const out = spans.slice(0, limit);
    const recordTotal = records.total();
    const room = limit - out.length;
    if (room > 0 && recordTotal > 0) {
      for (const r of records.page(0, room)) out.push(this.recordNode(parent, spanId, r));
    }
    const total = spans.length + recordTotal;
    if (total > limit)
      out.push(
        this.intern<MoreNode>({ type: 'more', id: `more:${pageKey}`, pageKey, remaining: total - limit, parent }),
      );
    return out;
  }

  private recordNode(parent: GroupNode | SpanTreeNode, spanId: string | null, r: RecordSummary): RecordNode {
    return this.intern<RecordNode>({
      type: 'record',
      id: `r:${parent.groupId}:${r.id}`,
      groupId: parent.groupId,
      spanId,
      recordId: r.id,
      record: r,
      parent,
    });
  }

  /**
   * The node for a group / span / record, paging lists out far enough to include it. Undefined when the
   * group is not in the current grouping (the caller may regroup first).
   */
  locate(groupId: string, spanId?: string | null, recordId?: number | null): TreeNode | undefined {
    this.pagesOpened = false;
    const gi = this.indexOfGroup(groupId);
    if (gi < 0) return undefined;
    this.ensureShown('root', gi);
    const summary = this.rootPage().items[gi];
    if (!summary) return undefined;
    let node: GroupNode | SpanTreeNode = this.groupNode(summary);
    const tree = this.spanTree(groupId);
    if (!spanId && recordId !== undefined && recordId !== null && tree.length > 0) {
      // a record hit names no span: its summary does, and the record sits under that span in the tree
      const r = this.records(groupId, { offset: 0, limit: Number.MAX_SAFE_INTEGER }).items.find(
        (x) => x.id === recordId,
      );
      if (r?.spanId && tree.some((n) => n.span.spanId === r.spanId)) spanId = r.spanId;
      // else the core may have put it on a span derived from the logs (a correlation or thread group's span),
      // which the record itself does not name
      else if (
        r &&
        !this.groupRecordsOutsideSpans(groupId, tree)
          .page(0, Number.MAX_SAFE_INTEGER)
          .some((x) => x.id === recordId)
      ) {
        const holder = tree.find(
          (n) =>
            n.records > 0 &&
            this.records(groupId, { spanId: n.span.spanId, offset: 0, limit: Number.MAX_SAFE_INTEGER }).items.some(
              (x) => x.id === recordId,
            ),
        );
        if (holder) spanId = holder.span.spanId;
      }
    }

    if (spanId) {
      const si = tree.findIndex((n) => n.span.spanId === spanId);
      if (si >= 0) {
        const stand = this.standIn(groupId);
        const chain: number[] = [];
        for (let i = si; i >= 0; i = tree[i]!.parent) if (i !== stand) chain.unshift(i);
        for (const i of chain) {
          const siblings = this.getChildren(node);
          const found = siblings.find((c) => c.type === 'span' && c.index === i);
          if (!found) this.ensureShown(this.listOf(node).pageKey, siblings.length + tree.length);
          node = this.spanNode(node, tree, i);
        }
      }
    }
    if (recordId === undefined || recordId === null) return node;

    for (let attempt = 0; attempt < 2; attempt++) {
      const children = this.getChildren(node);
      const hit = children.find((c) => c.type === 'record' && c.recordId === recordId);
      if (hit) return hit;
      // not on the shown pages: find its position in the list (spans first, then records) and open pages up to it
      const list = this.listOf(node);
      const ri = list.records.page(0, Number.MAX_SAFE_INTEGER).findIndex((r) => r.id === recordId);
      if (ri < 0) return node;
      this.ensureShown(list.pageKey, list.spans.length + ri);
    }
    return node;
  }

  private ensureShown(pageKey: string, index: number): void {
    const limit = this.limitFor(pageKey);
    if (index < limit) return;
    const pages = Math.ceil((index + 1) / this.pageSize);
    this.shown.set(pageKey, pages * this.pageSize);
    this.nodes.clear();
    this.pagesOpened = true;
  }

  /** Set by locate() when it had to open more pages: the view must refresh before it can reveal. */
  pagesOpened = false;

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.labelTimer) clearTimeout(this.labelTimer);
    for (const d of this.disposables) d.dispose();
  }
}

/** The first request line among a group's first records ("POST /checkout"), else its first message. */
function titleOf(first: readonly RecordMessage[]): string | null {
  const request = first.map((r) => REQUEST_LINE.exec(r.message)?.[0]).find((m) => m !== undefined);
  return request ?? first.find((r) => r.message.trim() !== '')?.message ?? null;
}
