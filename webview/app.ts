// The timeline page: owns the view state (groups, axis, rows, selection, search, critical path), turns
// input into state changes, fetches what it needs from the host, and schedules one canvas frame per change.

import { SpanFlag, assertNever, type HostNotification, type RevealTarget } from '../src/shared/protocol';
import { TimeAxis } from './axis';
import { DetailPane } from './detail';
import { formatDuration } from './format';
import { AXIS_H, LANE_TOP, MINIMAP_H, ROW_H, INDENT } from './layout';
import { HostClient } from './host';
import { Minimap } from './minimap';
import {
  drawFrame,
  rowTop,
  visibleRowRange,
  type CriticalMarks,
  type Frame,
  type SearchMarks,
  type Selection,
} from './renderer';
import { matchSpans } from './search';
import { readSavedState, type SavedState } from './state';
import { GroupStore, RowList, lowerBound } from './store';
import { LEVEL_NAMES, assignServiceColours, readPalette, type Palette } from './theme';
import { el, safeText } from './text';

interface Hit {
  group: number;
  span: number;
  marker: number;
}

const KEY_HELP: [string, string][] = [
  ['↑ ↓ PageUp PageDown Home End', 'Select span'],
  ['← →', 'Collapse / expand, or go to parent / child'],
  ['Space', 'Collapse or expand the selected span'],
  ['[ ]', 'Previous / next log record of the span'],
  ['Enter', 'Zoom to the selected span'],
  ['+ − (or W S, Ctrl+wheel, pinch)', 'Zoom around the pointer'],
  ['Shift+← → (or A D, drag, Shift+wheel)', 'Pan'],
  ['0', 'Show everything'],
  ['/ or Ctrl+F', 'Search'],
  ['F3 / Shift+F3 (or N / Shift+N)', 'Next / previous match'],
  ['C', 'Critical path'],
  ['G', 'Go to source of the selected record'],
  ['L', 'Show Logs of the selected span (of the trace when none is selected)'],
  ['Esc', 'Clear search, then selection'],
];

export class TimelineApp {
  private readonly host: HostClient;
  private groups: GroupStore[] = [];
  private groupIds: string[] = [];
  private readonly rows = new RowList();
  private readonly axis = new TimeAxis();
  private palette: Palette;
  private serviceColours: string[][] = [];
  private selected: Selection | null = null;
  private hoverRow = -1;
  private pointerX = -1;
  private scrollTop = 0;
  private align: 'absolute' | 'start' = 'absolute';
  private search: SearchMarks | null = null;
  private hits: Hit[] = [];
  private hitIndex = -1;
  private query = '';
  private criticalOn = false;
  private critical: CriticalMarks | null = null;
  private frameRequested = 0;
  private loadGeneration = 0;
  private pendingReveal: RevealTarget | null = null;
  private pendingState: SavedState | null = null;
  private readonly markerMessages = new Map<string, { message: string; source: string | null }>();
  private readonly markerPending = new Set<string>();
  private saveTimer = 0;
  private searchTimer = 0;
  private readonly minimap = new Minimap();
  private readonly detail: DetailPane;
  private dpr = 1;
  private width = 1;
  private height = 1;
  private labelWidth = 280;
  /** Last frames' drawing cost, for the benchmark. */
  readonly frameTimes: number[] = [];
  openStartedAt = 0;
  openMs = -1;
  /** From `show` to the first rows drawn (the rest streams in after). */
  firstRowsMs = -1;

  // DOM
  private readonly root: HTMLElement;
  private readonly title = el('h1', 'tl-title');
  private readonly stats = el('span', 'tl-stats');
  private readonly legend = el('div', 'tl-legend');
  private readonly searchBox: HTMLElement & { value: string };
  private readonly matchCount = el('span', 'tl-match-count');
  private readonly criticalButton: HTMLElement;
  private readonly alignButton: HTMLElement;
  private readonly minimapCanvas = el('canvas', 'tl-minimap');
  private readonly scroller = el('div', 'tl-scroll');
  private readonly canvas = el('canvas', 'tl-canvas');
  private readonly spacer = el('div', 'tl-spacer');
  private readonly tooltip = el('div', 'tl-tooltip');
  private readonly live = el('div', 'tl-sr-only');
  private readonly help = el('div', 'tl-help');
  private readonly banner = el('div', 'tl-banner');

  constructor(root: HTMLElement) {
    this.root = root;
    this.palette = readPalette();
    this.host = new HostClient((m) => this.onHost(m));
    this.detail = new DetailPane({
      goToSource: (id) => this.host.notify({ type: 'goToSource', recordId: id }),
      zoomToSpan: () => this.zoomToSelected(),
      spanSource: () => this.goToSourceOfSelection(),
      showLogs: () => this.showLogs(true),
      selectRecord: (id) => this.selectRecordId(id),
      fetchRecords: (offset, limit) => {
        const s = this.selected;
        if (!s || s.span < 0) return Promise.resolve({ total: 0, items: [] });
        return this.host.request('records', { groupId: this.groupIds[s.group]!, spanIndex: s.span, offset, limit });
      },
      fetchRecord: (recordId) => this.host.request('recordView', { recordId }).then((r) => r.record),
      openFrame: (recordId, line) => this.host.notify({ type: 'openFrame', recordId, line }),
      copyRecord: (recordId) => this.host.notify({ type: 'copyRecord', recordId }),
    });

    const searchBox = document.createElement('vscode-textfield') as unknown as HTMLElement & { value: string };
    searchBox.setAttribute('placeholder', 'Search spans, services, records');
    searchBox.setAttribute('aria-label', 'Search spans, services and log records');
    searchBox.className = 'tl-search';
    this.searchBox = searchBox;
    const tb = (icon: string, label: string, onClick: () => void, toggle = false) => {
      const b = document.createElement('vscode-toolbar-button');
      b.setAttribute('icon', icon);
      b.setAttribute('label', label);
      b.setAttribute('title', label);
      b.setAttribute('aria-label', label);
      if (toggle) b.setAttribute('toggleable', '');
      b.addEventListener('click', onClick);
      return b;
    };
    this.criticalButton = tb('flame', 'Critical path (C)', () => this.toggleCritical(), true);
    this.alignButton = tb('git-compare', 'Align trace starts (compare)', () => this.toggleAlign(), true);
    const toolbar = el('div', 'tl-toolbar');
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', 'Timeline');
    toolbar.append(
      searchBox,
      this.matchCount,
      tb('arrow-up', 'Previous match (Shift+F3)', () => this.stepHit(-1)),
      tb('arrow-down', 'Next match (F3)', () => this.stepHit(1)),
      tb('list-flat', 'Show Logs of the trace', () => this.showLogs(false)),
      this.criticalButton,
      tb('zoom-in', 'Zoom in (+)', () => this.zoomKey(0.6)),
      tb('zoom-out', 'Zoom out (−)', () => this.zoomKey(1 / 0.6)),
      tb('screen-full', 'Show everything (0)', () => {
        this.axis.fit();
        this.changed();
      }),
      tb('collapse-all', 'Collapse all', () => this.collapseAll(true)),
      tb('expand-all', 'Expand all', () => this.collapseAll(false)),
      this.alignButton,
      tb('keyboard', 'Keyboard shortcuts (?)', () => this.toggleHelp()),
    );
    this.matchCount.setAttribute('aria-live', 'polite');
    const header = el('header', 'tl-header');
    const titleRow = el('div', 'tl-title-row');
    titleRow.append(this.title, this.stats);
    header.append(titleRow, toolbar);

    this.minimapCanvas.setAttribute('role', 'img');
    this.minimapCanvas.setAttribute('aria-label', 'Overview of the whole trace; click or drag to move the view');
    this.scroller.tabIndex = 0;
    this.scroller.setAttribute('role', 'application');
    this.scroller.setAttribute('aria-roledescription', 'trace waterfall');
    this.scroller.setAttribute(
      'aria-label',
      'Trace waterfall. Arrow keys select spans, Enter zooms, question mark lists keys.',
    );
    this.canvas.setAttribute('aria-hidden', 'true');
    this.scroller.append(this.canvas, this.spacer);
    const main = el('div', 'tl-main');
    const splitter = el('div', 'tl-splitter');
    splitter.setAttribute('aria-hidden', 'true');
    main.append(this.scroller, splitter, this.detail.root);
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.hidden = true;
    this.live.setAttribute('aria-live', 'polite');
    this.help.hidden = true;
    this.help.setAttribute('role', 'dialog');
    this.help.setAttribute('aria-label', 'Keyboard shortcuts');
    const dl = el('dl');
    for (const [k, v] of KEY_HELP) dl.append(el('dt', 'tl-mono', k), el('dd', '', v));
    this.help.append(el('h2', '', 'Keyboard'), dl);
    this.banner.hidden = true;
    this.banner.setAttribute('role', 'alert');
    root.append(header, this.banner, this.legend, this.minimapCanvas, main, this.help, this.tooltip, this.live);
    this.showEmpty();

    this.wire(splitter);
    const saved = readSavedState(this.host.getState());
    if (saved && saved.groupIds.length) {
      this.pendingState = saved;
      void this.load(saved.groupIds, { state: saved });
    }
    this.host.notify({ type: 'ready' });
    this.requestFrame();
  }

  // ── data ─────────────────────────────────────────────────────────────────────────────────────────────

  private onHost(m: HostNotification): void {
    switch (m.type) {
      case 'show':
        this.openStartedAt = performance.now();
        this.firstRowsMs = -1;
        this.pendingState = null;
        void this.load(m.groupIds, { reveal: m.reveal });
        return;
      case 'reveal':
        this.reveal(m.target);
        return;
      case 'invalidate':
        if (m.groupIds.some((g) => this.groupIds.includes(g)))
          void this.load(this.groupIds, { state: this.snapshot() });
        return;
      default:
        assertNever(m);
    }
  }

  private async load(groupIds: string[], opts: { reveal?: RevealTarget | null; state?: SavedState }): Promise<void> {
    const gen = ++this.loadGeneration;
    const st = opts.state;
    this.banner.hidden = true;
    let metas;
    try {
      metas = await Promise.all(groupIds.map((groupId) => this.host.request('openGroup', { groupId })));
    } catch (e) {
      if (gen === this.loadGeneration)
        this.fail(`Could not open the trace: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (gen !== this.loadGeneration) return;
    this.groupIds = groupIds.slice();
    this.groups = metas.map((r) => new GroupStore(r.meta));
    this.markerMessages.clear();
    this.selected = null;
    this.hits = [];
    this.hitIndex = -1;
    this.search = null;
    this.critical = null;
    this.criticalOn = st?.critical ?? false;
    this.align = st?.align ?? 'absolute';
    this.pendingReveal = opts.reveal ?? null;
    for (const g of this.groups)
      for (const i of st?.collapsed[g.meta.groupId] ?? []) if (i >= 0 && i < g.n) g.collapsed.add(i);
    this.applyAlign();
    this.axis.fit();
    if (st?.view) this.axis.set(st.view[0], st.view[1]);
    this.updateHeader();
    this.updateColours();
    this.rows.rebuild(this.groups);
    this.detail.clear();
    this.layout();
    this.changed();

    // Pull every chunk; answers are applied as they come so the first rows draw before the rest arrive.
    const jobs: Promise<void>[] = [];
    this.groups.forEach((g, gi) => {
      const groupId = groupIds[gi]!;
      const sc = Math.max(1, g.meta.spanChunkSize),
        mc = Math.max(1, g.meta.markerChunkSize);
      for (let o = 0; o < g.n; o += sc) {
        jobs.push(
          this.host.request('spanChunk', { groupId, offset: o, limit: sc }).then((r) => {
            if (gen !== this.loadGeneration) return;
            g.addSpans(r.chunk);
            this.rows.rebuild(this.groups);
            this.minimap.invalidate();
            this.layout();
            if (this.openStartedAt && this.firstRowsMs < 0) {
              this.renderNow();
              this.firstRowsMs = performance.now() - this.openStartedAt;
            } else this.requestFrame();
          }),
        );
      }
      for (let o = 0; o < g.m; o += mc) {
        jobs.push(
          this.host.request('markerChunk', { groupId, offset: o, limit: mc }).then((r) => {
            if (gen !== this.loadGeneration) return;
            g.addMarkers(r.chunk);
            this.requestFrame();
          }),
        );
      }
    });
    try {
      await Promise.all(jobs);
    } catch (e) {
      if (gen === this.loadGeneration)
        this.fail(`Could not load the trace: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (gen !== this.loadGeneration) return;
    this.rows.rebuild(this.groups);
    this.minimap.invalidate();
    this.layout();
    this.updateHeader();
    if (st) {
      this.scroller.scrollTop = st.scrollTop;
      this.scrollTop = this.scroller.scrollTop;
      if (st.selected) {
        const gi = this.groupIds.indexOf(st.selected.groupId);
        if (gi >= 0 && st.selected.span >= 0 && st.selected.span < this.groups[gi]!.n)
          this.select(gi, st.selected.span, st.selected.marker, { scroll: false, notify: false });
      }
      if (st.query) {
        this.searchBox.value = st.query;
        void this.runSearch(st.query);
      }
      if (this.criticalOn) void this.fetchCritical();
    }
    if (this.pendingReveal) {
      const r = this.pendingReveal;
      this.pendingReveal = null;
      this.reveal(r);
    }
    this.setToggle(this.criticalButton, this.criticalOn);
    this.setToggle(this.alignButton, this.align === 'start');
    this.renderNow();
    if (this.openStartedAt) {
      this.openMs = performance.now() - this.openStartedAt;
      this.openStartedAt = 0;
    }
    this.root.dataset.loaded = String(gen);
    this.save();
  }

  private fail(message: string): void {
    this.banner.textContent = safeText(message, 500);
    this.banner.hidden = false;
  }

  private applyAlign(): void {
    let minBase: bigint | null = null;
    for (const g of this.groups) if (minBase === null || g.baseNs < minBase) minBase = g.baseNs;
    let max = 1;
    for (const g of this.groups) {
      g.axisOffset = this.align === 'start' || minBase === null ? 0 : Number(g.baseNs - minBase);
      max = Math.max(max, g.axisOffset + g.meta.durationNs);
    }
    this.axis.setExtent(0, max);
  }

  private updateHeader(): void {
    if (this.groups.length === 0) {
      this.showEmpty();
      return;
    }
    const g0 = this.groups[0]!;
    const more = this.groups.length > 1 ? ` (+${this.groups.length - 1} more)` : '';
    this.title.textContent = `${g0.label}${more}`;
    this.title.dir = 'auto';
    const services = new Set<string>();
    let spans = 0,
      errors = 0,
      records = 0,
      dur = 0;
    for (const g of this.groups) {
      for (const s of g.services) services.add(s);
      spans += g.n - (g.n && g.flags[g.n - 1]! & SpanFlag.unattached ? 1 : 0);
      errors += g.meta.errorCount;
      records += g.m;
      dur = Math.max(dur, g.axisOffset + g.meta.durationNs);
    }
    this.stats.textContent =
      `${formatDuration(dur)} · ${services.size} service${services.size === 1 ? '' : 's'} · ${spans} ` +
      `span${spans === 1 ? '' : 's'} · ${records} record${records === 1 ? '' : 's'} · ${errors} ` +
      `error${errors === 1 ? '' : 's'}`;
    this.stats.classList.toggle('tl-has-errors', errors > 0);
  }

  private showEmpty(): void {
    this.title.textContent = 'Threadline timeline';
    this.stats.textContent = 'Choose a trace in the Threadline view, then “Show Timeline”.';
  }

  private updateColours(): void {
    const p = this.palette;
    const byName = assignServiceColours(
      this.groups.flatMap((g) => g.meta.services),
      p.serviceTiers,
    );
    this.serviceColours = this.groups.map((g) => g.meta.services.map((s) => byName.get(s) ?? p.muted));
    const seen = new Map<string, string>();
    this.groups.forEach((g, gi) =>
      g.services.forEach((s, k) => {
        if (!seen.has(s)) seen.set(s, this.serviceColours[gi]![k]!);
      }),
    );
    const items: HTMLElement[] = [];
    for (const [name, colour] of [...seen].slice(0, 40)) {
      const item = el('span', 'tl-legend-item');
      const sw = el('span', 'tl-swatch');
      sw.style.backgroundColor = colour;
      item.append(sw, el('span', '', name));
      items.push(item);
    }
    if (seen.size > 40) items.push(el('span', 'tl-legend-item', `+${seen.size - 40} more`));
    this.legend.replaceChildren(...items);
    this.legend.setAttribute('aria-label', 'Service colours');
    this.minimap.invalidate();
  }

  private async fetchCritical(): Promise<void> {
    const gen = this.loadGeneration;
    try {
      const paths = await Promise.all(this.groupIds.map((groupId) => this.host.request('criticalPath', { groupId })));
      if (gen !== this.loadGeneration || !this.criticalOn) return;
      this.critical = {
        bySpan: paths.map((r) => {
          const m = new Map<number, number[]>();
          const { span, start, end } = r.path;
          for (let k = 0; k < span.length; k++) {
            let a = m.get(span[k]!);
            if (!a) m.set(span[k]!, (a = []));
            a.push(start[k]!, end[k]!);
          }
          return m;
        }),
      };
      this.announce('Critical path shown');
      this.requestFrame();
    } catch (e) {
      this.fail(`Could not compute the critical path: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  // ── search ───────────────────────────────────────────────────────────────────────────────────────────

  private async runSearch(q: string): Promise<void> {
    this.query = q;
    const gen = this.loadGeneration;
    if (!q.trim()) {
      this.search = null;
      this.hits = [];
      this.hitIndex = -1;
      this.matchCount.textContent = '';
      this.requestFrame();
      this.save();
      return;
    }
    const spans = this.groups.map((g) => matchSpans(g, q));
    let records: Uint32Array[] = [];
    try {
      records = (
        await Promise.all(
          this.groupIds.map((groupId) => this.host.request('searchRecords', { groupId, query: q, limit: 2000 })),
        )
      ).map((r) => r.markers);
    } catch {
      records = this.groups.map(() => new Uint32Array(0));
    }
    if (gen !== this.loadGeneration || q !== this.query) return;
    const hits: Hit[] = [];
    this.groups.forEach((g, gi) => {
      const ms = Array.from(records[gi] ?? [])
        .filter((m) => m < g.m)
        .sort((a, b) => a - b);
      let k = 0;
      for (let i = 0; i < g.n; i++) {
        if (spans[gi]![i]) hits.push({ group: gi, span: i, marker: -1 });
        const end = g.markerStart[i]! + g.markerCount[i]!;
        while (k < ms.length && ms[k]! < end) {
          hits.push({ group: gi, span: g.markerSpan[ms[k]!]!, marker: ms[k]! });
          k++;
        }
      }
    });
    this.search = { spans, markers: records.map((r) => new Set(r)) };
    this.hits = hits;
    this.hitIndex = -1;
    this.matchCount.textContent = hits.length ? `${hits.length} match${hits.length === 1 ? '' : 'es'}` : 'No matches';
    this.requestFrame();
    this.save();
  }

  private stepHit(d: number): void {
    if (!this.hits.length) return;
    this.hitIndex = (this.hitIndex + d + this.hits.length) % this.hits.length;
    const h = this.hits[this.hitIndex]!;
    this.select(h.group, h.span, h.marker, { scroll: true, notify: true, showTime: true });
    this.matchCount.textContent = `${this.hitIndex + 1} / ${this.hits.length}`;
  }

  // ── selection ────────────────────────────────────────────────────────────────────────────────────────

  private reveal(t: RevealTarget): void {
    const gi = this.groupIds.indexOf(t.groupId);
    if (gi < 0) return;
    const g = this.groups[gi]!;
    if (!g.complete) {
      this.pendingReveal = t;
      return;
    }
    let span = t.spanIndex ?? -1;
    const marker = t.markerIndex ?? -1;
    if (marker >= 0 && marker < g.m) span = g.markerSpan[marker]!;
    if (span < 0 || span >= g.n) return;
    this.select(gi, span, marker, { scroll: true, notify: false, showTime: true });
  }

  private select(
    gi: number,
    span: number,
    marker: number,
    o: { scroll: boolean; notify: boolean; showTime?: boolean },
  ): void {
    const g = this.groups[gi];
    if (!g || span < 0 || span >= g.n) return;
    if (g.collapsed.size) {
      const before = g.collapsed.size;
      g.expandTo(span);
      if (g.collapsed.size !== before) {
        this.rows.rebuild(this.groups);
        this.minimap.invalidate();
        this.layout();
      }
    }
    this.selected = { group: gi, span, marker };
    if (o.scroll) this.scrollRowIntoView(this.rows.indexOf(gi, span));
    if (o.showTime) {
      const s = g.start[span]! + g.axisOffset,
        e = s + g.duration[span]!;
      const t = marker >= 0 ? g.markerTime[marker]! + g.axisOffset : NaN;
      if (!Number.isNaN(t)) {
        if (t < this.axis.start || t > this.axis.end)
          this.axis.set(t - (this.axis.end - this.axis.start) / 2, t + (this.axis.end - this.axis.start) / 2);
      } else if (e < this.axis.start || s > this.axis.end) this.axis.show(s, e);
    }
    const groupId = this.groupIds[gi]!;
    const token = this.detail.showSpan(
      {
        name: g.spanName(span),
        service: g.services[g.service[span]!] ?? null,
        startNs: g.start[span]!,
        durationNs: g.duration[span]!,
        selfNs: g.selfTime(span),
        records: g.markerCount[span]!,
        error: g.isError(span),
      },
      g.markerCount[span]!,
    );
    this.host.request('spanDetail', { groupId, spanIndex: span }).then(
      (r) => this.detail.fill(token, r.detail),
      (e) => this.detail.failed(token, e instanceof Error ? e.message : String(e)),
    );
    const recordId = marker >= 0 ? g.markerRecord[marker]! : null;
    if (marker >= 0) this.detail.focusRecord(marker - g.markerStart[span]!, g.markerRecord[marker]!);
    if (o.notify) this.host.notify({ type: 'select', groupId, spanIndex: span, recordId });
    const lvl =
      marker >= 0
        ? `, ${LEVEL_NAMES[g.markerLevel[marker]!]} record at ` +
          `+${formatDuration(g.markerTime[marker]! - g.start[span]!)}`
        : '';
    this.announce(
      `${g.spanName(span)}, ${g.services[g.service[span]!] ?? 'no service'}, ` +
        `${formatDuration(g.duration[span]!)}${g.isError(span) ? ', error' : ''}, ${g.markerCount[span]} ` +
        `records${lvl}`,
    );
    this.changed();
  }

  private selectRecordId(recordId: number): void {
    const s = this.selected;
    if (!s) return;
    const g = this.groups[s.group]!;
    const a = g.markerStart[s.span]!,
      b = a + g.markerCount[s.span]!;
    for (let x = a; x < b; x++)
      if (g.markerRecord[x] === recordId) {
        this.selected = { ...s, marker: x };
        this.host.notify({ type: 'select', groupId: this.groupIds[s.group]!, spanIndex: s.span, recordId });
        this.changed();
        return;
      }
  }

  private zoomToSelected(): void {
    const s = this.selected;
    if (!s) return;
    const g = this.groups[s.group]!;
    const a = g.start[s.span]! + g.axisOffset;
    this.axis.show(a, a + g.duration[s.span]!);
    this.changed();
  }

  private scrollRowIntoView(r: number): void {
    if (r < 0) return;
    const top = r * ROW_H,
      view = this.height - AXIS_H;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_H > this.scroller.scrollTop + view) this.scroller.scrollTop = top + ROW_H - view;
    this.scrollTop = this.scroller.scrollTop;
  }

  private announce(s: string): void {
    this.live.textContent = safeText(s, 400);
  }

  // ── commands ─────────────────────────────────────────────────────────────────────────────────────────

  private toggleCritical(): void {
    this.criticalOn = !this.criticalOn;
    this.setToggle(this.criticalButton, this.criticalOn);
    if (this.criticalOn) void this.fetchCritical();
    else {
      this.critical = null;
      this.announce('Critical path hidden');
    }
    this.changed();
  }

  private toggleAlign(): void {
    this.align = this.align === 'start' ? 'absolute' : 'start';
    this.setToggle(this.alignButton, this.align === 'start');
    this.applyAlign();
    this.axis.fit();
    this.minimap.invalidate();
    this.changed();
  }

  private setToggle(b: HTMLElement, on: boolean): void {
    (b as HTMLElement & { checked: boolean }).checked = on;
    b.setAttribute('aria-pressed', String(on));
  }

  private toggleHelp(): void {
    this.help.hidden = !this.help.hidden;
  }

  private collapseAll(on: boolean): void {
    for (const g of this.groups) {
      g.collapsed.clear();
      if (on) for (let i = 0; i < g.n; i++) if (g.depth[i] === 0 && g.hasChildren(i)) g.collapsed.add(i);
    }
    this.structureChanged();
  }

  private toggleCollapse(gi: number, i: number): void {
    const g = this.groups[gi]!;
    if (!g.hasChildren(i)) return;
    if (g.collapsed.has(i)) g.collapsed.delete(i);
    else g.collapsed.add(i);
    this.structureChanged();
  }

  private structureChanged(): void {
    this.rows.rebuild(this.groups);
    this.minimap.invalidate();
    this.layout();
    this.changed();
  }

  private zoomKey(factor: number): void {
    const x = this.pointerX >= this.labelWidth ? this.pointerX : (this.labelWidth + this.width) / 2;
    this.axis.zoomAt(x, factor);
    this.changed();
  }

  private goToSourceOfSelection(): void {
    const s = this.selected;
    if (!s) return;
    const g = this.groups[s.group]!;
    const m = s.marker >= 0 ? s.marker : g.markerCount[s.span]! > 0 ? g.markerStart[s.span]! : -1;
    if (m >= 0) this.host.notify({ type: 'goToSource', recordId: g.markerRecord[m]! });
    else this.announce('This span has no log records to go to');
  }

  /**
   * Opens the Logs view on the selected span (`ofSpan`) or on its whole trace (the first shown trace when nothing is
   * selected), selecting the selected record there.
   */
  private showLogs(ofSpan: boolean): void {
    const s = this.selected;
    const gi = s ? s.group : 0;
    const groupId = this.groupIds[gi];
    const g = this.groups[gi];
    if (groupId === undefined || !g) {
      this.announce('No trace is shown');
      return;
    }
    const spanIndex = ofSpan && s && s.span >= 0 ? s.span : null;
    const recordId = s && s.marker >= 0 ? g.markerRecord[s.marker]! : null;
    this.host.notify({ type: 'showLogs', groupId, spanIndex, recordId });
  }

  // ── input ────────────────────────────────────────────────────────────────────────────────────────────

  private wire(splitter: HTMLElement): void {
    new ResizeObserver(() => {
      this.layout();
      this.renderNow();
    }).observe(this.scroller);
    this.scroller.addEventListener('scroll', () => {
      this.scrollTop = this.scroller.scrollTop;
      this.requestFrame();
      this.save();
    });
    this.scroller.addEventListener('focus', () => this.requestFrame());
    this.scroller.addEventListener('blur', () => this.requestFrame());
    this.scroller.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.scroller.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.scroller.addEventListener('pointerleave', () => {
      this.hoverRow = -1;
      this.pointerX = -1;
      this.tooltip.hidden = true;
      this.requestFrame();
    });
    this.scroller.addEventListener('dblclick', (e) => {
      const h = this.hitTest(e);
      if (h && h.span >= 0) {
        this.select(h.group, h.span, -1, { scroll: false, notify: true });
        this.zoomToSelected();
      }
    });

    // Drag pans; a press that barely moves is a click; two pointers pinch.
    const pointers = new Map<number, { x: number; y: number }>();
    let drag: { x: number; y: number; moved: boolean; scroll: number } | null = null;
    let pinch = 0;
    this.scroller.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        pinch = Math.hypot(a!.x - b!.x, a!.y - b!.y);
        drag = null;
        return;
      }
      this.scroller.setPointerCapture(e.pointerId);
      drag = { x: e.clientX, y: e.clientY, moved: false, scroll: this.scroller.scrollTop };
    });
    this.scroller.addEventListener('pointermove', (e) => {
      if (!pointers.has(e.pointerId)) return;
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 2 && pinch > 0) {
        const [a, b] = [...pointers.values()];
        const d = Math.hypot(a!.x - b!.x, a!.y - b!.y);
        if (d > 0) {
          this.axis.zoomAt((a!.x + b!.x) / 2 - this.scroller.getBoundingClientRect().left, pinch / d);
          pinch = d;
          this.changed();
        }
        return;
      }
      if (!drag) return;
      const dx = e.clientX - drag.x,
        dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 4) return;
      drag.moved = true;
      this.axis.panPx(dx);
      this.scroller.scrollTop = drag.scroll - dy;
      drag.x = e.clientX;
      drag.y = e.clientY;
      drag.scroll = this.scroller.scrollTop;
      this.scroller.classList.add('tl-dragging');
      this.changed();
    });
    const end = (e: PointerEvent) => {
      pointers.delete(e.pointerId);
      if (pointers.size < 2) pinch = 0;
      if (drag && !drag.moved && e.type === 'pointerup') this.onClick(e);
      drag = null;
      this.scroller.classList.remove('tl-dragging');
    };
    this.scroller.addEventListener('pointerup', end);
    this.scroller.addEventListener('pointercancel', end);

    // Minimap: press or drag centres the view there; wheel zooms.
    const fromMinimap = (e: PointerEvent) => {
      const r = this.minimapCanvas.getBoundingClientRect();
      const x = e.clientX - r.left,
        y = e.clientY - r.top;
      const L = this.labelWidth,
        span = this.axis.end - this.axis.start;
      if (x >= L) {
        const t = this.axis.min + ((x - L) / Math.max(1, r.width - L)) * (this.axis.max - this.axis.min);
        this.axis.set(t - span / 2, t + span / 2);
      }
      const row = (y / Math.max(1, r.height)) * this.rows.length;
      this.scroller.scrollTop = Math.max(0, row * ROW_H - (this.height - AXIS_H) / 2);
      this.changed();
    };
    let mmDrag = false;
    this.minimapCanvas.addEventListener('pointerdown', (e) => {
      mmDrag = true;
      this.minimapCanvas.setPointerCapture(e.pointerId);
      fromMinimap(e);
    });
    this.minimapCanvas.addEventListener('pointermove', (e) => {
      if (mmDrag) fromMinimap(e);
    });
    this.minimapCanvas.addEventListener('pointerup', () => {
      mmDrag = false;
    });
    this.minimapCanvas.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.axis.zoomAt((this.labelWidth + this.width) / 2, Math.exp(e.deltaY * 0.002));
        this.changed();
      },
      { passive: false },
    );

    this.searchBox.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      const q = this.searchBox.value ?? '';
      this.searchTimer = window.setTimeout(() => void this.runSearch(q), 180);
    });
    this.searchBox.addEventListener('keydown', (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === 'F3') {
        e.preventDefault();
        clearTimeout(this.searchTimer);
        void this.runSearch(this.searchBox.value ?? '').then(() => this.stepHit(e.shiftKey ? -1 : 1));
      } else if (e.key === 'Escape') {
        this.searchBox.value = '';
        void this.runSearch('');
        this.scroller.focus();
      }
    });

    // The splitter between waterfall and detail pane.
    splitter.addEventListener('pointerdown', (e) => {
      splitter.setPointerCapture(e.pointerId);
      const move = (ev: PointerEvent) => {
        const w = Math.max(220, Math.min(window.innerWidth - 300, window.innerWidth - ev.clientX));
        this.detail.root.style.width = `${w}px`;
      };
      const up = () => {
        splitter.removeEventListener('pointermove', move);
        splitter.removeEventListener('pointerup', up);
      };
      splitter.addEventListener('pointermove', move);
      splitter.addEventListener('pointerup', up);
    });

    // The theme changes by swapping body classes and the variables on <html>.
    const mo = new MutationObserver(() => {
      this.palette = readPalette();
      this.updateColours();
      this.requestFrame();
    });
    mo.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
    window.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        this.searchBox.focus();
      } else if (e.key === 'F3') {
        e.preventDefault();
        this.stepHit(e.shiftKey ? -1 : 1);
      }
    });
  }

  private hitTest(
    e: MouseEvent,
  ): { row: number; group: number; span: number; marker: number; x: number; inLabels: boolean } | null {
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left,
      y = e.clientY - rect.top;
    if (y < AXIS_H) return null;
    const row = Math.floor((y - AXIS_H + this.scrollTop) / ROW_H);
    if (row < 0 || row >= this.rows.length) return null;
    const group = this.rows.group[row]!,
      span = this.rows.span[row]!;
    let marker = -1;
    const g = this.groups[group]!;
    const yIn = y - rowTop({ scrollTop: this.scrollTop }, row);
    if (span >= 0 && x >= this.labelWidth && yIn >= LANE_TOP - 2 && g.markersLoaded >= g.m) {
      const a = g.markerStart[span]!,
        b = a + g.markerCount[span]!;
      const t0 = this.axis.toT(x - 4) - g.axisOffset,
        t1 = this.axis.toT(x + 4) - g.axisOffset,
        t = this.axis.toT(x) - g.axisOffset;
      let best = Infinity;
      for (let k = lowerBound(g.markerTime, a, b, t0); k < b && g.markerTime[k]! <= t1; k++) {
        const d = Math.abs(g.markerTime[k]! - t);
        if (d < best || (d === best && g.markerLevel[k]! > g.markerLevel[marker]!)) {
          best = d;
          marker = k;
        }
      }
    }
    return { row, group, span, marker, x, inLabels: x < this.labelWidth };
  }

  private onClick(e: PointerEvent): void {
    const h = this.hitTest(e);
    this.scroller.focus({ preventScroll: true });
    if (!h) return;
    const g = this.groups[h.group]!;
    if (h.span < 0) {
      if (g.n) this.select(h.group, 0, -1, { scroll: false, notify: true });
      return;
    }
    if (h.inLabels) {
      const cx = 8 + g.depth[h.span]! * INDENT;
      if (h.x >= cx - 4 && h.x <= cx + 12 && g.hasChildren(h.span)) {
        this.toggleCollapse(h.group, h.span);
        this.select(h.group, h.span, -1, { scroll: false, notify: true });
        return;
      }
    }
    this.select(h.group, h.span, h.marker, { scroll: false, notify: true });
  }

  private onPointerMove(e: PointerEvent): void {
    const h = this.hitTest(e);
    const rect = this.canvas.getBoundingClientRect();
    this.pointerX = e.clientX - rect.left;
    const row = h?.row ?? -1;
    if (row !== this.hoverRow) {
      this.hoverRow = row;
      this.requestFrame();
    }
    if (!h || h.span < 0) {
      this.tooltip.hidden = true;
      return;
    }
    const g = this.groups[h.group]!,
      i = h.span;
    const lines: [string, string][] = [];
    if (h.marker >= 0) {
      lines.push([
        `${LEVEL_NAMES[g.markerLevel[h.marker]!]!.toUpperCase()} record`,
        `at +${formatDuration(g.markerTime[h.marker]! - g.start[i]!)} into the span`,
      ]);
      const key = `${h.group}:${h.marker}`;
      const known = this.markerMessages.get(key);
      if (known) {
        lines.push(['', safeText(known.message, 300)]);
        if (known.source) lines.push(['Source', safeText(known.source, 200)]);
      } else {
        lines.push(['', '…']);
        this.fetchMarkerMessage(h.group, h.marker, key, e);
      }
      lines.push(['', 'Click to show it in the list']);
    } else {
      const s = g.start[i]! + g.axisOffset,
        en = s + g.duration[i]!;
      const t = this.axis.toT(this.pointerX);
      if (!h.inLabels && (t < s - 4 / this.axis.scale || t > en + 4 / this.axis.scale)) {
        this.tooltip.hidden = true;
        return;
      }
      lines.push([g.spanName(i), '']);
      lines.push(['Service', g.services[g.service[i]!] ?? '—']);
      lines.push(['Duration', formatDuration(g.duration[i]!)]);
      lines.push(['Self time', formatDuration(g.selfTime(i))]);
      if (g.markerCount[i]) lines.push(['Records', String(g.markerCount[i])]);
      if (g.isError(i)) lines.push(['Status', 'error']);
    }
    const frag = document.createDocumentFragment();
    lines.forEach(([k, v], n) => {
      const div = el('div', n === 0 ? 'tl-tip-title' : 'tl-tip-row');
      if (n === 0) {
        div.textContent = k;
        if (v) div.append(el('span', 'tl-muted', ` ${v}`));
      } else {
        if (k) div.append(el('span', 'tl-muted', `${k}: `));
        div.append(el('span', '', v));
      }
      div.dir = 'auto';
      frag.append(div);
    });
    this.tooltip.replaceChildren(frag);
    this.tooltip.hidden = false;
    const tw = this.tooltip.offsetWidth,
      th = this.tooltip.offsetHeight;
    let left = e.clientX + 14,
      top = e.clientY + 14;
    if (left + tw > window.innerWidth - 4) left = Math.max(4, e.clientX - tw - 10);
    if (top + th > window.innerHeight - 4) top = Math.max(4, e.clientY - th - 10);
    this.tooltip.style.left = `${left}px`;
    this.tooltip.style.top = `${top}px`;
  }

  /** The hover asks the host for a marker's message once; later hovers use the answer. */
  private fetchMarkerMessage(gi: number, marker: number, key: string, e: PointerEvent): void {
    if (this.markerPending.has(key)) return;
    this.markerPending.add(key);
    const gen = this.loadGeneration;
    this.host.request('markerRecord', { groupId: this.groupIds[gi]!, markerIndex: marker }).then(
      (r) => {
        this.markerPending.delete(key);
        if (gen !== this.loadGeneration || !r.record) return;
        if (this.markerMessages.size > 500) this.markerMessages.clear();
        this.markerMessages.set(key, { message: r.record.message, source: r.record.source });
        // Still over the same marker: show it now.
        if (!this.tooltip.hidden) {
          const h = this.hitTest(e);
          if (h && h.group === gi && h.marker === marker) this.onPointerMove(e);
        }
      },
      () => this.markerPending.delete(key),
    );
  }

  private onWheel(e: WheelEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const x = e.clientX - rect.left,
      y = e.clientY - rect.top;
    const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.height : 1;
    const dy = e.deltaY * scale,
      dx = e.deltaX * scale;
    // Ctrl+wheel is also what a trackpad pinch sends; over the time axis the plain wheel zooms too.
    if (e.ctrlKey || e.metaKey || y < AXIS_H) {
      e.preventDefault();
      this.axis.zoomAt(Math.max(this.labelWidth, x), Math.exp(dy * 0.0025));
      this.changed();
    } else if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
      e.preventDefault();
      this.axis.panPx(-(Math.abs(dx) > Math.abs(dy) ? dx : dy));
      this.changed();
    }
  }

  private onKey(e: KeyboardEvent): void {
    const s = this.selected;
    const panStep = (this.width - this.labelWidth) * 0.15;
    let handled = true;
    const moveTo = (r: number) => {
      r = Math.max(0, Math.min(this.rows.length - 1, r));
      // Header rows are not selectable: step over them in the direction of travel.
      const dir = s && r < this.rows.indexOf(s.group, s.span) ? -1 : 1;
      while (r >= 0 && r < this.rows.length && this.rows.span[r]! < 0) r += dir;
      if (r < 0 || r >= this.rows.length) {
        r = Math.max(0, Math.min(this.rows.length - 1, r));
        while (r < this.rows.length && this.rows.span[r]! < 0) r++;
      }
      if (r < this.rows.length)
        this.select(this.rows.group[r]!, this.rows.span[r]!, -1, { scroll: true, notify: true });
    };
    const cur = s ? this.rows.indexOf(s.group, s.span) : -1;
    const page = Math.max(1, Math.floor((this.height - AXIS_H) / ROW_H) - 1);
    switch (e.key) {
      case 'ArrowDown':
        moveTo(cur + 1);
        break;
      case 'ArrowUp':
        moveTo(cur < 0 ? 0 : cur - 1);
        break;
      case 'PageDown':
        moveTo(cur + page);
        break;
      case 'PageUp':
        moveTo(cur - page);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(this.rows.length - 1);
        break;
      case 'ArrowRight':
        if (e.shiftKey) {
          this.axis.panPx(-panStep);
          this.changed();
          break;
        }
        if (s) {
          const g = this.groups[s.group]!;
          if (g.collapsed.has(s.span)) this.toggleCollapse(s.group, s.span);
          else if (g.hasChildren(s.span)) this.select(s.group, s.span + 1, -1, { scroll: true, notify: true });
        } else moveTo(0);
        break;
      case 'ArrowLeft':
        if (e.shiftKey) {
          this.axis.panPx(panStep);
          this.changed();
          break;
        }
        if (s) {
          const g = this.groups[s.group]!;
          if (g.hasChildren(s.span) && !g.collapsed.has(s.span)) this.toggleCollapse(s.group, s.span);
          else if (g.parent[s.span]! >= 0) this.select(s.group, g.parent[s.span]!, -1, { scroll: true, notify: true });
        }
        break;
      case ' ':
        if (s) this.toggleCollapse(s.group, s.span);
        break;
      case 'Enter':
        this.zoomToSelected();
        break;
      case '+':
      case '=':
      case 'w':
      case 'W':
        this.zoomKey(0.7);
        break;
      case '-':
      case '_':
      case 's':
      case 'S':
        this.zoomKey(1 / 0.7);
        break;
      case 'a':
      case 'A':
        this.axis.panPx(panStep);
        this.changed();
        break;
      case 'd':
      case 'D':
        this.axis.panPx(-panStep);
        this.changed();
        break;
      case '0':
        this.axis.fit();
        this.changed();
        break;
      case 'c':
      case 'C':
        this.toggleCritical();
        break;
      case '/':
        this.searchBox.focus();
        break;
      case 'n':
        this.stepHit(1);
        break;
      case 'N':
        this.stepHit(-1);
        break;
      case 'g':
      case 'G':
        this.goToSourceOfSelection();
        break;
      case 'l':
      case 'L':
        this.showLogs(true);
        break;
      case '[':
      case ']': {
        if (!s) break;
        const g = this.groups[s.group]!;
        const a = g.markerStart[s.span]!,
          n = g.markerCount[s.span]!;
        if (!n) {
          this.announce('This span has no log records');
          break;
        }
        let m =
          s.marker < a || s.marker >= a + n ? (e.key === ']' ? a : a + n - 1) : s.marker + (e.key === ']' ? 1 : -1);
        m = Math.max(a, Math.min(a + n - 1, m));
        this.select(s.group, s.span, m, { scroll: false, notify: true, showTime: true });
        break;
      }
      case '?':
        this.toggleHelp();
        break;
      case 'Escape':
        if (!this.help.hidden) this.help.hidden = true;
        else if (this.query) {
          this.searchBox.value = '';
          void this.runSearch('');
        } else {
          this.selected = null;
          this.detail.clear();
          this.changed();
        }
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  }

  // ── frames ───────────────────────────────────────────────────────────────────────────────────────────

  private layout(): void {
    const w = this.scroller.clientWidth,
      h = this.scroller.clientHeight;
    this.dpr = window.devicePixelRatio || 1;
    this.width = Math.max(1, w);
    this.height = Math.max(1, h);
    this.labelWidth = Math.round(Math.min(360, Math.max(160, w * 0.3)));
    this.axis.x0 = this.labelWidth;
    this.axis.width = Math.max(1, w - this.labelWidth - 8);
    for (const [c, cw, ch] of [
      [this.canvas, w, h],
      [this.minimapCanvas, w, MINIMAP_H],
    ] as const) {
      const bw = Math.max(1, Math.round(cw * this.dpr)),
        bh = Math.max(1, Math.round(ch * this.dpr));
      if (c.width !== bw || c.height !== bh) {
        c.width = bw;
        c.height = bh;
        c.style.width = `${cw}px`;
        c.style.height = `${ch}px`;
      }
    }
    this.spacer.style.height = `${Math.max(0, AXIS_H + this.rows.length * ROW_H + ROW_H - h)}px`;
  }

  /** Something the frame shows changed: draw it and remember it. */
  private changed(): void {
    this.requestFrame();
    this.save();
  }

  private requestFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = requestAnimationFrame(() => {
      this.frameRequested = 0;
      this.renderNow();
    });
  }

  renderNow(): void {
    const t0 = performance.now();
    const ctx = this.canvas.getContext('2d');
    const mctx = this.minimapCanvas.getContext('2d');
    if (!ctx || !mctx) return;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const frame: Frame = {
      groups: this.groups,
      rows: this.rows,
      axis: this.axis,
      scrollTop: this.scrollTop,
      width: this.width,
      height: this.height,
      labelWidth: this.labelWidth,
      palette: this.palette,
      serviceColours: this.serviceColours,
      selected: this.selected,
      hoverRow: this.hoverRow,
      focused: document.activeElement === this.scroller,
      search: this.search,
      critical: this.criticalOn ? this.critical : null,
    };
    drawFrame(ctx, frame);
    mctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const [r0, r1] = visibleRowRange(frame);
    this.minimap.draw(mctx, {
      width: this.width,
      height: MINIMAP_H,
      dpr: this.dpr,
      groups: this.groups,
      rows: this.rows,
      axis: this.axis,
      palette: this.palette,
      serviceColours: this.serviceColours,
      scrollTop: this.scrollTop,
      viewRows: r1 - r0,
      labelWidth: this.labelWidth,
    });
    this.frameTimes.push(performance.now() - t0);
    if (this.frameTimes.length > 2000) this.frameTimes.splice(0, 1000);
  }

  private snapshot(): SavedState {
    const collapsed: Record<string, number[]> = {};
    this.groups.forEach((g, gi) => {
      if (g.collapsed.size) collapsed[this.groupIds[gi]!] = [...g.collapsed].slice(0, 10_000);
    });
    const s = this.selected;
    return {
      v: 1,
      groupIds: this.groupIds,
      align: this.align,
      view: [this.axis.start, this.axis.end],
      scrollTop: this.scrollTop,
      selected: s ? { groupId: this.groupIds[s.group]!, span: s.span, marker: s.marker } : null,
      collapsed,
      query: this.query,
      critical: this.criticalOn,
    };
  }

  private save(): void {
    if (this.saveTimer || this.groups.length === 0) return;
    this.saveTimer = window.setTimeout(() => {
      this.saveTimer = 0;
      this.host.setState(this.snapshot());
    }, 150);
  }

  /** For tests and the benchmark. */
  debug() {
    return {
      axis: this.axis,
      rows: this.rows,
      groups: this.groups,
      selected: this.selected,
      hits: this.hits,
      hitIndex: this.hitIndex,
      labelWidth: this.labelWidth,
      frameTimes: this.frameTimes,
      openMs: this.openMs,
      firstRowsMs: this.firstRowsMs,
      scrollTop: this.scrollTop,
      critical: this.critical,
      renderNow: () => this.renderNow(),
      rowTop: (r: number) => rowTop({ scrollTop: this.scrollTop }, r),
    };
  }
}
