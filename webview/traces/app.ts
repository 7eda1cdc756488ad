// The Traces table: a filter bar (the Logs view's filter language and error display), a grouping choice, a
// scatter of duration over start time and the virtualised, sortable table of groups, all answering one query
// (grouping, filter, sort) that the host evaluates. Pages of rows are pulled for what is on screen plus a margin.

import type {
  FilterProblem,
  LogsGroupRef,
  TraceRow,
  TracesHostNotification,
  TracesPointsResponse,
  TracesRequest,
  TracesRequestParams,
  TracesResponseFor,
  TracesQuery,
  TracesSortKey,
  TracesWebviewNotification,
} from '../../src/shared/protocol';
import { el } from '../text';
import { count, isoOf } from '../logs/format';
import { placeFilterCaret } from '../shared/filterCaret';
import { PAGE, PageWindow } from '../shared/pageWindow';
import { HostClient } from '../shared/hostClient';
import { Scatter } from './scatter';
import { TracesTable, columnsFor } from './table';

type By = LogsGroupRef['by'];

interface Protocol {
  params: { [K in TracesRequest['type']]: TracesRequestParams<K> };
  responses: TracesResponseFor;
  notification: TracesHostNotification;
  outgoing: TracesWebviewNotification;
}

const DEBOUNCE_MS = 200;
const SELECT_NOTIFY_MS = 150;
/** Live sessions change often: the scatter follows at most this often. */
const POINTS_EVERY_MS = 1000;
/** Sorts that start with the largest first (as the core's defaults). */
const LARGEST_FIRST = new Set<TracesSortKey>(['duration', 'errors', 'records', 'spans']);

interface SavedState {
  by: By;
  filter: string;
  range: [number, number] | null;
  sort: TracesSortKey;
  descending: boolean;
}

export class TracesApp {
  private readonly client: HostClient<Protocol>;
  private readonly table: TracesTable;
  private readonly scatter: Scatter;
  private readonly groupingSelect = el('select', 'tv-grouping');
  private readonly fieldInput = el('input', 'lv-filter-input tv-field');
  private readonly filterInput = el('input', 'lv-filter-input');
  private readonly caret = el('div', 'lv-caret');
  private readonly problemLine = el('div', 'lv-problem');
  private readonly countLabel = el('span', 'lv-count');
  private readonly rangeChip = el('span', 'lv-chip lv-range');
  private readonly notice = el('div', 'lv-notice');

  private by: By = { kind: 'trace' };
  private filter = '';
  private range: [number, number] | null = null;
  private sort: TracesSortKey = 'start';
  private descending = false;

  private queryKey = '';
  private readonly pages = new PageWindow<TraceRow>();
  private total = 0;
  private pending = 0;
  private problem: FilterProblem | null = null;
  private loaded = false;
  private points: TracesPointsResponse | null = null;
  private pointsTimer = 0;
  private lastPoints = 0;
  private debounce = 0;
  /** The scatter is asked for once the first page of a new query has come back. */
  private pointsAfterPage = false;
  private selectTimer = 0;
  /** Counters the tests read. */
  readonly stats = { pageRequests: 0, pointsRequests: 0 };

  constructor(private readonly root: HTMLElement) {
    this.client = new HostClient<Protocol>(['tracesShow', 'tracesChanged'], 'tracesError', (m) => this.onHost(m));
    const saved = this.client.getState<SavedState>();
    if (saved) {
      this.by = saved.by ?? this.by;
      this.filter = saved.filter ?? '';
      this.range = saved.range ?? null;
      this.sort = saved.sort ?? 'start';
      this.descending = saved.descending ?? false;
    }
    this.table = new TracesTable(
      { total: () => this.total, row: (i) => this.rowAt(i), need: (a, b) => this.need(a, b) },
      {
        select: (i) => this.onSelect(i),
        open: (i) => {
          const row = this.rowAt(i);
          if (row) this.client.notify({ type: 'tracesOpen', by: this.by, target: { id: row.id } });
        },
        showLogs: (i) => {
          const row = this.rowAt(i);
          if (row)
            this.client.notify({
              type: 'tracesShowLogs',
              group: { by: this.by, id: row.id },
              label: row.root ?? row.key,
            });
        },
        sort: (key) => this.setSort(key),
        focusFilter: () => this.filterInput.focus(),
        scrolled: () => undefined,
      },
    );
    this.scatter = new Scatter({
      open: (index) =>
        this.client.notify({ type: 'tracesOpen', by: this.by, target: { point: index, query: this.query() } }),
      range: (a, b) => this.setRange([a, b]),
    });
    this.build();
    this.filterInput.value = this.filter;
    this.showGrouping();
    const themeChanged = new MutationObserver(() => {
      this.scatter.themeChanged();
      this.table.fitColumns();
    });
    themeChanged.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    // VS Code sets the theme's variables (fonts included) on <html>
    themeChanged.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
    this.apply();
    this.client.notify({ type: 'tracesReady' });
  }

  // ── layout ──────────────────────────────────────────────────────────────────────────────────────────

  private build(): void {
    const bar = el('div', 'lv-toolbar');
    this.groupingSelect.setAttribute('aria-label', 'Group by');
    this.groupingSelect.title = 'Group by';
    for (const [value, label] of [
      ['trace', 'Traces'],
      ['correlation', 'Correlation IDs'],
      ['thread', 'Threads'],
      ['field', 'Field…'],
    ] as const) {
      const o = el('option', undefined, label);
      o.value = value;
      this.groupingSelect.append(o);
    }
    this.groupingSelect.addEventListener('change', () => {
      const v = this.groupingSelect.value;
      if (v === 'field') {
        this.fieldInput.hidden = false;
        this.fieldInput.focus();
        return;
      }
      this.fieldInput.hidden = true;
      this.setBy({ kind: v as 'trace' | 'correlation' | 'thread' });
    });
    this.fieldInput.type = 'text';
    this.fieldInput.spellcheck = false;
    this.fieldInput.placeholder = 'field.path, Enter';
    this.fieldInput.setAttribute('aria-label', 'Field to group by');
    this.fieldInput.hidden = true;
    this.fieldInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && this.fieldInput.value.trim() !== '') this.setBy({ field: this.fieldInput.value.trim() });
    });
    const filterBox = el('div', 'lv-filter');
    this.filterInput.type = 'text';
    this.filterInput.spellcheck = false;
    this.filterInput.placeholder =
      'Filter groups by their records: words, level>=error, service:x, field.path:value, /regex/, since:15m';
    this.filterInput.setAttribute('aria-label', 'Filter groups');
    this.filterInput.setAttribute('aria-describedby', 'tv-problem');
    this.problemLine.id = 'tv-problem';
    this.problemLine.setAttribute('role', 'status');
    this.caret.hidden = true;
    this.filterInput.addEventListener('input', () => {
      window.clearTimeout(this.debounce);
      this.countLabel.classList.add('lv-busy');
      this.debounce = window.setTimeout(() => this.setFilter(this.filterInput.value), DEBOUNCE_MS);
    });
    this.filterInput.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        window.clearTimeout(this.debounce);
        this.setFilter(this.filterInput.value);
      } else if (e.key === 'Escape' || e.key === 'ArrowDown') {
        e.preventDefault();
        this.table.root.focus();
      }
    });
    this.filterInput.addEventListener('scroll', () => this.placeCaret());
    filterBox.append(this.filterInput, this.caret);
    this.countLabel.setAttribute('aria-live', 'polite');
    const logs = el('button', 'lv-button tv-logs', 'Show Logs');
    logs.type = 'button';
    logs.title = 'Show the records this filter and time range select in the Logs view';
    logs.addEventListener('click', () => this.client.notify({ type: 'tracesFilterLogs', filter: this.query().filter }));
    bar.append(this.groupingSelect, this.fieldInput, filterBox, this.countLabel, logs);
    const second = el('div', 'lv-toolbar lv-toolbar2');
    this.rangeChip.hidden = true;
    second.append(this.rangeChip);
    this.notice.hidden = true;
    this.notice.setAttribute('role', 'status');
    this.root.append(bar, this.problemLine, second, this.scatter.root, this.notice, this.table.root);
  }

  private showGrouping(): void {
    const v = 'kind' in this.by ? this.by.kind : 'field';
    this.groupingSelect.value = v;
    this.fieldInput.hidden = v !== 'field';
    if ('field' in this.by) this.fieldInput.value = this.by.field;
    this.table.setColumns(columnsFor('kind' in this.by && this.by.kind === 'trace'));
    this.table.setSort(this.sort, this.descending);
  }

  private renderRange(): void {
    const chip = this.rangeChip;
    chip.replaceChildren();
    chip.hidden = this.range === null;
    if (!this.range) return;
    const text = `${isoOf(this.range[0]).replace('T', ' ').slice(0, 23)} – ${isoOf(this.range[1]).slice(11, 23)}`;
    const x = el('button', 'lv-chip-close', '×');
    x.type = 'button';
    x.title = 'Drop the time range';
    x.setAttribute('aria-label', 'Drop the time range');
    x.addEventListener('click', () => this.setRange(null));
    chip.append(el('span', 'lv-chip-text', text), x);
  }

  // ── the query ───────────────────────────────────────────────────────────────────────────────────────

  /** The query sent to the host: the typed filter first (so an error's column is a column of the input). */
  query(): TracesQuery {
    const parts: string[] = [];
    if (this.filter.trim() !== '') parts.push(this.filter);
    if (this.range) parts.push(`since:${isoOf(this.range[0])} until:${isoOf(this.range[1])}`);
    return { by: this.by, filter: parts.join(' '), sort: this.sort, descending: this.descending };
  }

  private setFilter(text: string): void {
    if (text === this.filter && this.loaded) {
      this.countLabel.classList.remove('lv-busy');
      return;
    }
    this.filter = text;
    this.apply();
  }

  private setRange(r: [number, number] | null): void {
    this.range = r;
    this.apply();
  }

  private setBy(by: By): void {
    this.by = by;
    this.showGrouping();
    this.apply();
  }

  private setSort(key: TracesSortKey): void {
    if (key === this.sort) this.descending = !this.descending;
    else {
      this.sort = key;
      this.descending = LARGEST_FIRST.has(key);
    }
    this.table.setSort(this.sort, this.descending);
    this.apply(false);
  }

  /** A new query: forget every page and ask again (the scatter too unless only the sort changed). */
  private apply(points = true): void {
    this.queryKey = JSON.stringify(this.query());
    this.pages.reset();
    this.loaded = false;
    this.table.clearSelection();
    this.table.scrollToTop();
    this.scatter.select(-1);
    this.renderRange();
    this.save();
    this.countLabel.classList.add('lv-busy');
    // the points once the first rows are in: the host answers one at a time, the rows first
    this.pointsAfterPage = points;
    this.fetchPage(0);
  }

  /** The session changed: keep what is shown until the new answers arrive. */
  private refresh(): void {
    this.pages.refresh();
    this.fetchPage(this.pages.pageOf(this.table.first));
    this.refreshPoints(false);
  }

  private pointsKey(): string {
    const q = this.query();
    return JSON.stringify([q.by, q.filter]);
  }

  private refreshPoints(now: boolean): void {
    window.clearTimeout(this.pointsTimer);
    const wait = now ? 0 : Math.max(0, this.lastPoints + POINTS_EVERY_MS - performance.now());
    this.pointsTimer = window.setTimeout(() => {
      this.lastPoints = performance.now();
      const key = this.pointsKey();
      this.stats.pointsRequests++;
      this.client.request('tracesPoints', { query: this.query() }).then(
        (p) => {
          if (key !== this.pointsKey()) return;
          this.points = p;
          this.scatter.set(p);
          this.markSelected();
          // a filtered group list is built in slices: ask again until it is complete
          if (p.pending > 0) this.refreshPoints(false);
        },
        () => {
          if (key === this.pointsKey()) this.scatter.set(null);
        },
      );
    }, wait);
  }

  private rowAt(i: number): TraceRow | undefined {
    return this.pages.rowAt(i);
  }

  private need(first: number, last: number): void {
    for (const p of this.pages.missing(first, last, this.total)) this.fetchPage(p);
  }

  private fetchPage(p: number): void {
    const key = this.queryKey,
      version = this.pages.asked(p);
    this.stats.pageRequests++;
    this.client.request('tracesPage', { query: this.query(), offset: p * PAGE, limit: PAGE }).then(
      (r) => {
        if (key !== this.queryKey) {
          this.pages.answered(p, version);
          return;
        }
        this.pages.answered(p, version, r.rows);
        this.problem = r.problem;
        this.pending = r.pending;
        const totalChanged = r.total !== this.total;
        this.total = r.total;
        this.showCount();
        this.showProblem();
        if (totalChanged) this.table.setTotal(r.total);
        if (!this.loaded) {
          this.loaded = true;
          this.root.dataset.loaded = String(version);
          this.pointsAfterFirstPage();
        }
        this.table.invalidate();
        // a filtered group list is built in slices: ask again until it is complete
        if (r.pending > 0 && !r.problem) window.setTimeout(() => this.refreshIfCurrent(key), 250);
      },
      (e: Error) => {
        this.pages.answered(p, version);
        if (key !== this.queryKey) return;
        this.showNotice(e.message);
        this.pointsAfterFirstPage();
      },
    );
  }

  private pointsAfterFirstPage(): void {
    if (!this.pointsAfterPage) return;
    this.pointsAfterPage = false;
    this.refreshPoints(true);
  }

  private refreshIfCurrent(key: string): void {
    if (key !== this.queryKey) return;
    this.pages.refresh();
    this.fetchPage(this.pages.pageOf(this.table.first));
  }

  private showCount(): void {
    this.countLabel.classList.remove('lv-busy');
    if (this.problem) {
      this.countLabel.textContent = 'invalid filter';
      return;
    }
    const noun =
      'field' in this.by
        ? 'group'
        : this.by.kind === 'trace'
          ? 'trace'
          : this.by.kind === 'thread'
            ? 'thread'
            : 'correlation ID';
    const checking = this.pending > 0 ? ` (checking ${count(this.pending)} more…)` : '';
    this.countLabel.textContent = `${count(this.total)} ${noun}${this.total === 1 ? '' : 's'}${checking}`;
  }

  private showProblem(): void {
    const p = this.problem;
    this.filterInput.setAttribute('aria-invalid', String(!!p));
    this.filterInput.classList.toggle('lv-invalid', !!p);
    this.problemLine.textContent = p ? `${p.message} (column ${p.column})` : '';
    this.problemLine.hidden = !p;
    this.placeCaret();
  }

  private placeCaret(): void {
    placeFilterCaret(this.filterInput, this.caret, this.filter, this.problem);
  }

  private showNotice(text: string | null): void {
    this.notice.hidden = text === null;
    this.notice.textContent = text ?? '';
  }

  // ── selection ───────────────────────────────────────────────────────────────────────────────────────

  private onSelect(i: number): void {
    this.markSelected();
    window.clearTimeout(this.selectTimer);
    const send = () => {
      if (this.table.selected !== i) return;
      const row = this.rowAt(i);
      if (row) this.client.notify({ type: 'tracesSelect', group: { by: this.by, id: row.id } });
      else this.selectTimer = window.setTimeout(send, SELECT_NOTIFY_MS);
    };
    this.selectTimer = window.setTimeout(send, SELECT_NOTIFY_MS);
  }

  /** Rings the selected row's dot on the scatter (found by its start and duration). */
  private markSelected(): void {
    const row = this.table.selected >= 0 ? this.rowAt(this.table.selected) : undefined;
    const p = this.points;
    if (!row || !p || row.startMs === null) {
      this.scatter.select(-1);
      return;
    }
    const start = row.startMs + row.startSubMsNs / 1e6;
    let found = -1;
    for (let i = 0; i < p.startMs.length; i++)
      if (Math.abs(p.startMs[i]! - start) < 1e-3 && Math.abs(p.durationMs[i]! - (row.durationMs ?? 0)) < 1e-3) {
        found = i;
        break;
      }
    this.scatter.select(found);
  }

  private save(): void {
    const s: SavedState = {
      by: this.by,
      filter: this.filter,
      range: this.range,
      sort: this.sort,
      descending: this.descending,
    };
    this.client.setState(s);
  }

  private onHost(m: TracesHostNotification): void {
    switch (m.type) {
      case 'tracesShow':
        if (m.filter !== undefined) {
          this.filterInput.value = m.filter;
          this.filter = m.filter;
          this.range = null;
        }
        if (m.by !== undefined) {
          this.by = m.by;
          this.showGrouping();
        }
        this.showNotice(null);
        this.apply();
        return;
      case 'tracesChanged':
        this.refresh();
        return;
    }
  }

  /** State for tests and the benchmark. */
  debug() {
    return {
      total: this.total,
      pending: this.pending,
      problem: this.problem,
      first: this.table.first,
      last: this.table.last,
      selected: this.table.selected,
      pages: this.pages.held(),
      domRows: this.table.root.querySelectorAll('.tv-row:not([hidden])').length,
      query: this.query(),
      points: this.points ? this.points.startMs.length : -1,
      pointsPending: this.points?.pending ?? -1,
      rows: Array.from({ length: Math.max(0, this.table.last - this.table.first + 1) }, (_, k) => {
        const r = this.rowAt(this.table.first + k);
        return r ? { id: r.id, startMs: r.startMs, durationMs: r.durationMs, errors: r.errors, root: r.root } : null;
      }),
      stats: { ...this.stats },
    };
  }

  get scatterView(): Scatter {
    return this.scatter;
  }
}
