// The Logs view: a filter bar, level chips, a histogram over time and the virtualised table of records, all
// answering one query (filter text + scope) that the host evaluates. Pages of rows are pulled for what is on
// screen plus a margin and dropped when far away; a changed session re-asks what is shown.

import type {
  FilterProblem,
  LogRow,
  LogsHistogramResponse,
  LogsHostNotification,
  LogsQuery,
  LogsScope,
} from '../../src/shared/protocol';
import { LEVEL_NAMES } from '../theme';
import { el, safeText } from '../text';
import { placeFilterCaret } from '../shared/filterCaret';
import { PAGE, PageWindow } from '../shared/pageWindow';
import { LogsClient } from './client';
import { renderRecord, type DetailActions } from './detail';
import { count, isoOf } from './format';
import { Histogram } from './histogram';
import { DEFAULT_COLUMNS, LogTable, type Column, type ColumnKey } from './table';

const DEBOUNCE_MS = 200;
const SELECT_NOTIFY_MS = 150;
/** Live sessions change many times a second: the histogram and chips follow at most this often. */
const SUMMARY_EVERY_MS = 500;
const CHIP_LEVELS = [1, 2, 3, 4, 5, 6];

interface SavedState {
  filter: string;
  levels: number[];
  range: [number, number] | null;
  scope: LogsScope | null;
  columns: Column[];
  wrap: boolean;
}

export class LogsApp {
  private readonly client: LogsClient;
  private readonly table: LogTable;
  private readonly histogram: Histogram;
  private readonly filterInput = el('input', 'lv-filter-input');
  private readonly caret = el('div', 'lv-caret');
  private readonly problemLine = el('div', 'lv-problem');
  private readonly countLabel = el('span', 'lv-count');
  private readonly chips = el('div', 'lv-chips');
  private readonly scopeChip = el('span', 'lv-chip lv-scope');
  private readonly rangeChip = el('span', 'lv-chip lv-range');
  private readonly followButton: HTMLButtonElement;
  private readonly wrapButton: HTMLButtonElement;
  private readonly columnsMenu = el('div', 'lv-menu');
  private readonly notice = el('div', 'lv-notice');

  private filter = '';
  private levels = new Set<number>();
  private range: [number, number] | null = null;
  private scope: LogsScope | null = null;
  private wrap = false;
  private follow = false;

  private queryKey = '';
  private readonly pages = new PageWindow<LogRow>();
  private total = 0;
  private pending = 0;
  private problem: FilterProblem | null = null;
  private loaded = false;
  private levelCounts: number[] = [0, 0, 0, 0, 0, 0, 0];
  private debounce = 0;
  private selectTimer = 0;
  private quiet = false;
  private summaryTimer = 0;
  private lastSummary = 0;
  private revealAfterLoad: number | null = null;
  private previousFilter: string | null = null;
  /** Counters the tests read. */
  readonly stats = { pageRequests: 0, histogramRequests: 0 };

  constructor(private readonly root: HTMLElement) {
    this.client = new LogsClient((m) => this.onHost(m));
    const saved = this.client.getState<SavedState>();
    this.table = new LogTable(
      { total: () => this.total, row: (i) => this.rowAt(i), need: (a, b) => this.need(a, b) },
      {
        select: (i) => this.onSelect(i),
        toggle: (i) => this.toggle(i),
        copy: (i) => {
          const r = this.rowAt(i);
          if (r) this.client.notify({ type: 'logsCopy', id: r.id });
        },
        filterBy: (term) => this.addTerm(term),
        focusFilter: () => this.filterInput.focus(),
        scrolled: (first, last, atEnd, byUser) => this.onScrolled(first, last, atEnd, byUser),
      },
      saved?.columns?.length === DEFAULT_COLUMNS.length ? saved.columns : DEFAULT_COLUMNS,
    );
    this.histogram = new Histogram({ range: (a, b) => this.setRange([a, b]) });
    this.followButton = this.toggleButton('Follow', 'Keep the newest records in view (live sources)', () =>
      this.setFollow(!this.follow),
    );
    this.wrapButton = this.toggleButton('Wrap', 'Wrap long messages', () => this.setWrap(!this.wrap));
    this.build();
    if (saved) {
      this.filter = saved.filter ?? '';
      this.levels = new Set(saved.levels ?? []);
      this.range = saved.range ?? null;
      this.scope = saved.scope ?? null;
      if (saved.wrap) this.setWrap(true);
    }
    this.filterInput.value = this.filter;
    this.setFollow(false);
    new MutationObserver(() => this.histogram.themeChanged()).observe(document.body, {
      attributes: true,
      attributeFilter: ['class'],
    });
    this.apply();
    this.client.notify({ type: 'logsReady' });
  }

  // ── layout ──────────────────────────────────────────────────────────────────────────────────────────

  private build(): void {
    const bar = el('div', 'lv-toolbar');
    const filterBox = el('div', 'lv-filter');
    this.filterInput.type = 'text';
    this.filterInput.spellcheck = false;
    this.filterInput.placeholder =
      'Filter: words, "a phrase", level>=warn, trace:ID, field.path:value, /regex/, -word, since:15m';
    this.filterInput.setAttribute('aria-label', 'Filter records');
    this.filterInput.setAttribute('aria-describedby', 'lv-problem');
    this.problemLine.id = 'lv-problem';
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
    this.scopeChip.hidden = true;
    this.rangeChip.hidden = true;
    const columnsButton = el('button', 'lv-button lv-columns-button', 'Columns');
    columnsButton.type = 'button';
    columnsButton.title = 'Show or hide columns';
    columnsButton.setAttribute('aria-haspopup', 'true');
    columnsButton.addEventListener('click', () => {
      this.columnsMenu.hidden = !this.columnsMenu.hidden;
    });
    this.columnsMenu.hidden = true;
    this.buildColumnsMenu();
    const tools = el('div', 'lv-tools');
    tools.append(this.countLabel, this.followButton, this.wrapButton, columnsButton);
    bar.append(this.scopeChip, filterBox, tools);
    const second = el('div', 'lv-toolbar lv-toolbar2');
    second.append(this.chips, this.rangeChip);
    this.countLabel.setAttribute('aria-live', 'polite');
    this.notice.hidden = true;
    this.notice.setAttribute('role', 'status');
    this.root.append(
      bar,
      this.problemLine,
      second,
      this.columnsMenu,
      this.histogram.root,
      this.notice,
      this.table.root,
    );
    this.table.root.addEventListener('lv-columns', () => this.save());
  }

  private toggleButton(label: string, title: string, run: () => void): HTMLButtonElement {
    const b = el('button', 'lv-button lv-toggle', label);
    b.type = 'button';
    b.title = title;
    b.addEventListener('click', run);
    return b;
  }

  private buildColumnsMenu(): void {
    this.columnsMenu.setAttribute('role', 'menu');
    for (const c of this.table.columnState) {
      if (c.key === 'message') continue;
      const label = el('label', 'lv-menu-item');
      const box = el('input');
      box.type = 'checkbox';
      box.checked = c.visible;
      box.dataset.column = c.key;
      box.addEventListener('change', () => {
        this.table.setColumnVisible(c.key as ColumnKey, box.checked);
        this.save();
      });
      label.append(box, document.createTextNode(` ${c.title}`));
      this.columnsMenu.append(label);
    }
  }

  private renderChips(): void {
    this.chips.replaceChildren();
    for (const l of CHIP_LEVELS) {
      const name = LEVEL_NAMES[l]!;
      const b = el('button', `lv-chip lv-level-chip lv-l-${name}`);
      b.type = 'button';
      b.dataset.level = name;
      b.setAttribute('aria-pressed', String(this.levels.has(l)));
      b.append(
        el('span', 'lv-chip-name', name.toUpperCase()),
        el('span', 'lv-chip-count', count(this.levelCounts[l] ?? 0)),
      );
      b.title = `Only ${name} records (click again to drop; several may be on)`;
      b.addEventListener('click', () => {
        if (this.levels.has(l)) this.levels.delete(l);
        else this.levels.add(l);
        this.apply();
      });
      this.chips.append(b);
    }
  }

  private renderScope(): void {
    this.renderChipWithClose(
      this.scopeChip,
      this.scope ? `Scope: ${safeText(this.scope.label, 120)}` : null,
      'Show every record again',
      () => {
        this.scope = null;
        this.apply();
      },
    );
    this.renderChipWithClose(
      this.rangeChip,
      this.range
        ? `${isoOf(this.range[0]).replace('T', ' ').slice(0, 23)} – ${isoOf(this.range[1]).slice(11, 23)}`
        : null,
      'Drop the time range',
      () => {
        this.range = null;
        this.apply();
      },
    );
  }

  private renderChipWithClose(chip: HTMLElement, text: string | null, closeTitle: string, close: () => void): void {
    chip.hidden = text === null;
    chip.replaceChildren();
    if (text === null) return;
    const x = el('button', 'lv-chip-close', '×');
    x.type = 'button';
    x.title = closeTitle;
    x.setAttribute('aria-label', closeTitle);
    x.addEventListener('click', close);
    chip.append(el('span', 'lv-chip-text', text), x);
  }

  // ── the query ───────────────────────────────────────────────────────────────────────────────────────

  /** The query sent to the host: the typed filter first (so an error's column is a column of the input). */
  query(withLevels = true): LogsQuery {
    const parts: string[] = [];
    if (this.filter.trim() !== '') parts.push(this.filter);
    if (withLevels && this.levels.size > 0)
      parts.push(
        `level:${[...this.levels]
          .sort()
          .map((l) => LEVEL_NAMES[l])
          .join(',')}`,
      );
    if (this.range) parts.push(`since:${isoOf(this.range[0])} until:${isoOf(this.range[1])}`);
    return { filter: parts.join(' '), scope: this.scope };
  }

  private setFilter(text: string): void {
    if (text === this.filter && this.loaded) {
      this.countLabel.classList.remove('lv-busy');
      return;
    }
    this.filter = text;
    this.apply();
  }

  private addTerm(term: string): void {
    const key = term.slice(0, term.indexOf(':') + 1);
    const kept = this.filter.split(/\s+/).filter((t) => t !== '' && !t.startsWith(key));
    this.setFilterText([...kept, term].join(' '));
  }

  private setFilterText(text: string): void {
    this.filterInput.value = text;
    this.filter = text;
    this.apply();
  }

  private setRange(r: [number, number] | null): void {
    this.range = r;
    this.apply();
  }

  /** A new query: forget every page and ask again. */
  private apply(): void {
    const q = this.query();
    this.queryKey = JSON.stringify(q);
    this.pages.reset();
    this.loaded = false;
    this.table.setExpanded(-1);
    this.table.clearSelection();
    this.renderScope();
    this.renderChips();
    this.save();
    this.countLabel.classList.add('lv-busy');
    this.fetchPage(0);
    this.refreshSummaries(true);
  }

  /** The session changed: keep what is shown until the new answers arrive. */
  private refresh(): void {
    this.pages.refresh();
    this.fetchPage(this.pages.pageOf(this.table.first));
    if (this.follow) this.fetchPage(this.pages.pageOf(this.total - 1));
    this.refreshSummaries(false);
  }

  private refreshSummaries(now: boolean): void {
    window.clearTimeout(this.summaryTimer);
    const wait = now ? 0 : Math.max(0, this.lastSummary + SUMMARY_EVERY_MS - performance.now());
    this.summaryTimer = window.setTimeout(() => {
      this.lastSummary = performance.now();
      const key = this.queryKey;
      this.stats.histogramRequests++;
      this.client.request('logsHistogram', { query: this.query(), buckets: this.histogram.bucketsWanted() }).then(
        (h: LogsHistogramResponse) => {
          if (key === this.queryKey) this.histogram.set(h);
        },
        () => {
          if (key === this.queryKey) this.histogram.set(null);
        },
      );
      this.client.request('logsLevels', { query: this.query(false) }).then(
        (l) => {
          if (key === this.queryKey) {
            this.levelCounts = l.counts;
            this.renderChips();
          }
        },
        () => undefined,
      );
    }, wait);
  }

  private rowAt(i: number): LogRow | undefined {
    return this.pages.rowAt(i);
  }

  private need(first: number, last: number): void {
    for (const p of this.pages.missing(first, last, this.total)) this.fetchPage(p);
  }

  private fetchPage(p: number): void {
    const key = this.queryKey,
      version = this.pages.asked(p);
    this.stats.pageRequests++;
    this.client.request('logsPage', { query: this.query(), offset: p * PAGE, limit: PAGE }).then(
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
          if (this.revealAfterLoad !== null) {
            const id = this.revealAfterLoad;
            this.revealAfterLoad = null;
            void this.reveal(id);
          }
        }
        if (this.follow && totalChanged) this.table.scrollToEnd();
        this.table.invalidate();
      },
      (e: Error) => {
        this.pages.answered(p, version);
        if (key === this.queryKey) this.showNotice(e.message);
      },
    );
  }

  private showCount(): void {
    this.countLabel.classList.remove('lv-busy');
    if (this.problem) {
      this.countLabel.textContent = 'invalid filter';
      return;
    }
    const checking = this.pending > 0 ? ` (checking ${count(this.pending)} more…)` : '';
    this.countLabel.textContent = `${count(this.total)} ${this.total === 1 ? 'record' : 'records'}${checking}`;
  }

  private showProblem(): void {
    const p = this.problem;
    this.filterInput.setAttribute('aria-invalid', String(!!p));
    this.filterInput.classList.toggle('lv-invalid', !!p);
    this.problemLine.textContent = p ? `${p.message} (column ${p.column})` : '';
    this.problemLine.hidden = !p;
    this.placeCaret();
    this.root.classList.toggle('lv-has-problem', !!p);
  }

  /** Underlines the mistake in the filter input, at the column the host named. */
  private placeCaret(): void {
    placeFilterCaret(this.filterInput, this.caret, this.filter, this.problem);
  }

  private showNotice(text: string | null): void {
    this.notice.hidden = text === null;
    this.notice.textContent = text ?? '';
  }

  // ── rows ────────────────────────────────────────────────────────────────────────────────────────────

  private onScrolled(first: number, last: number, atEnd: boolean, byUser: boolean): void {
    if (byUser && this.follow && !atEnd) this.setFollow(false);
    else if (byUser && !this.follow && atEnd && this.total > 0) this.setFollow(true);
    const a = this.rowAt(first)?.timeMs ?? null,
      b = this.rowAt(last)?.timeMs ?? null;
    this.histogram.setWindow(a, b);
  }

  private onSelect(i: number): void {
    if (this.quiet) return;
    window.clearTimeout(this.selectTimer);
    const send = () => {
      if (this.table.selected !== i) return;
      const row = this.rowAt(i);
      // a jump (Home, End) may land on a page still on its way
      if (row) this.client.notify({ type: 'logsSelect', id: row.id });
      else this.selectTimer = window.setTimeout(send, SELECT_NOTIFY_MS);
    };
    this.selectTimer = window.setTimeout(send, SELECT_NOTIFY_MS);
  }

  private toggle(i: number): void {
    if (this.table.expanded === i) {
      this.table.setExpanded(-1);
      return;
    }
    const row = this.rowAt(i);
    if (!row) return;
    this.table.setExpanded(i);
    if (this.table.selected !== i) this.table.select(i, 'nearest');
    const detail = this.table.detail;
    detail.replaceChildren(el('p', 'lv-muted', 'Loading…'));
    const key = this.queryKey;
    this.client.request('logsRecord', { id: row.id }).then(
      (r) => {
        if (key !== this.queryKey || this.table.expanded !== i) return;
        detail.replaceChildren(
          r.record
            ? renderRecord(r.record, this.detailActions)
            : el('p', 'lv-muted', 'This record is no longer in the session.'),
        );
      },
      (e: Error) => detail.replaceChildren(el('p', 'lv-error', e.message)),
    );
  }

  private readonly detailActions: DetailActions = {
    goToSource: (id) => this.client.notify({ type: 'logsGoToSource', id }),
    openFrame: (id, line) => this.client.notify({ type: 'logsOpenFrame', id, line }),
    copy: (id) => this.client.notify({ type: 'logsCopy', id }),
    openTimeline: (id) => this.client.notify({ type: 'logsOpenTimeline', id }),
    context: (id, by) => {
      void this.client.request('logsContext', { id, by }).then((r) => {
        if (r.filter === null) {
          this.showNotice(`This record has no ${by}.`);
          return;
        }
        this.previousFilter = this.filter;
        this.levels.clear();
        this.range = null;
        this.revealAfterLoad = id;
        this.setFilterText(r.filter);
        this.showNotice(
          `Showing the record in its ${by}, other filters off. Previous filter: ${this.previousFilter || '(none)'}`,
        );
      });
    },
  };

  /** Select a record by id (from the host): find it in the current query and scroll it to the middle. */
  async reveal(id: number): Promise<boolean> {
    const key = this.queryKey;
    const r = await this.client.request('logsLocate', { query: this.query(), id });
    if (key !== this.queryKey) return false;
    if (r.offset < 0) {
      this.showNotice('The selected record is not among the records this filter shows.');
      return false;
    }
    this.showNotice(null);
    this.setFollow(false);
    this.quiet = true;
    try {
      this.table.select(r.offset, 'center');
    } finally {
      this.quiet = false;
    }
    return true;
  }

  private setFollow(on: boolean): void {
    this.follow = on;
    this.followButton.setAttribute('aria-pressed', String(on));
    if (on && this.total > 0) this.table.scrollToEnd();
  }

  private setWrap(on: boolean): void {
    this.wrap = on;
    this.wrapButton.setAttribute('aria-pressed', String(on));
    this.table.setWrap(on);
    this.save();
  }

  private save(): void {
    const s: SavedState = {
      filter: this.filter,
      levels: [...this.levels],
      range: this.range,
      scope: this.scope,
      columns: this.table.columnState,
      wrap: this.wrap,
    };
    this.client.setState(s);
  }

  private onHost(m: LogsHostNotification): void {
    switch (m.type) {
      case 'logsShow':
        if (m.filter !== undefined) {
          this.filterInput.value = m.filter;
          this.filter = m.filter;
          this.levels.clear();
          this.range = null;
        }
        if (m.scope !== undefined) this.scope = m.scope;
        this.revealAfterLoad = m.reveal ?? null;
        this.showNotice(null);
        this.apply();
        return;
      case 'logsReveal':
        if (this.loaded) void this.reveal(m.id);
        else this.revealAfterLoad = m.id;
        return;
      case 'logsChanged':
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
      expanded: this.table.expanded,
      follow: this.follow,
      pages: this.pages.held(),
      domRows: this.table.root.querySelectorAll('.lv-row:not([hidden])').length,
      query: this.query(),
      rowHeight: this.table.rowHeight,
      levelCounts: this.levelCounts,
      stats: { ...this.stats },
    };
  }

  /** Draw now (the benchmark measures frames). */
  draw(): void {
    this.table.draw();
  }
  get histogramView(): Histogram {
    return this.histogram;
  }
}
