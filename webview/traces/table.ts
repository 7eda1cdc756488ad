// The Traces table: an ARIA grid of groups with only the visible rows in the DOM, sortable by clicking a column
// header (again to reverse; the sort is the host's). Rows have a fixed height; past a few million pixels the
// scrollbar stands for the content scaled down, as in the Logs view's table.

import type { TraceRow, TracesSortKey } from '../../src/shared/protocol';
import { el, safeText } from '../text';
import { MAX_SCROLL_PX } from '../logs/table';
import { clockOf, count, dateOf } from '../logs/format';
import { durationLabel } from './scatter';

export type TraceColumnKey = 'start' | 'duration' | 'spans' | 'records' | 'errors' | 'service' | 'name' | 'key';

export interface TraceColumn {
  key: TraceColumnKey;
  title: string;
  /** CSS grid track. */
  track: string;
  sort: TracesSortKey | null;
  numeric?: boolean;
}

const ROW_H = 22;

/** The columns of a grouping: spans and the trace ID only mean something for traces. */
export function columnsFor(trace: boolean): TraceColumn[] {
  return [
    { key: 'start', title: 'Start', track: '205px', sort: 'start' },
    { key: 'duration', title: 'Duration', track: '90px', sort: 'duration', numeric: true },
    ...(trace ? [{ key: 'spans', title: 'Spans', track: '56px', sort: 'spans', numeric: true } as TraceColumn] : []),
    { key: 'records', title: 'Records', track: '72px', sort: 'records', numeric: true },
    { key: 'errors', title: 'Errors', track: '56px', sort: 'errors', numeric: true },
    { key: 'service', title: 'Service', track: 'minmax(90px, 160px)', sort: 'service' },
    { key: 'name', title: trace ? 'Root span' : 'Group', track: 'minmax(140px, 1fr)', sort: 'root' },
    ...(trace ? [{ key: 'key', title: 'Trace ID', track: 'minmax(70px, 120px)', sort: null } as TraceColumn] : []),
  ];
}

export interface TracesTableSource {
  total(): number;
  row(index: number): TraceRow | undefined;
  need(first: number, last: number): void;
}

export interface TracesTableEvents {
  select(index: number): void;
  open(index: number): void;
  showLogs(index: number): void;
  sort(key: TracesSortKey): void;
  focusFilter(): void;
  scrolled(first: number, last: number): void;
}

interface RowEl {
  root: HTMLDivElement;
  cells: Partial<Record<TraceColumnKey, HTMLDivElement>>;
  key: string;
}

export class TracesTable {
  readonly root = el('div', 'lv-grid tv-grid');
  private readonly header = el('div', 'lv-header');
  private readonly scroller = el('div', 'lv-scroll');
  private readonly viewport = el('div', 'lv-viewport');
  private readonly spacer = el('div', 'lv-spacer');
  readonly menu = el('div', 'lv-menu tv-menu');
  private pool: RowEl[] = [];
  private columns: TraceColumn[] = [];
  private sortKey: TracesSortKey = 'start';
  private descending = false;
  private totalRows = 0;
  private selectedRow = -1;
  private menuRow = -1;
  private viewH = 0;
  private contentH = 0;
  private spacerH = 0;
  private wantedTop: number | null = null;
  private selfScroll = false;
  private frame = 0;
  private generation = 0;
  first = 0;
  last = -1;

  constructor(
    private readonly source: TracesTableSource,
    private readonly events: TracesTableEvents,
  ) {
    this.root.setAttribute('role', 'grid');
    this.root.setAttribute('aria-label', 'Groups');
    this.root.setAttribute('aria-readonly', 'true');
    this.root.tabIndex = 0;
    const headGroup = el('div', 'lv-rowgroup');
    headGroup.setAttribute('role', 'rowgroup');
    this.header.setAttribute('role', 'row');
    this.header.setAttribute('aria-rowindex', '1');
    headGroup.append(this.header);
    this.viewport.setAttribute('role', 'rowgroup');
    this.scroller.append(this.viewport, this.spacer);
    this.menu.hidden = true;
    this.menu.setAttribute('role', 'menu');
    this.root.append(headGroup, this.scroller, this.menu);
    this.scroller.addEventListener(
      'scroll',
      () => {
        if (!this.selfScroll) this.wantedTop = null;
        this.selfScroll = false;
        this.hideMenu();
        this.schedule();
      },
      { passive: true },
    );
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.viewport.addEventListener('click', (e) => {
      const i = this.rowIndexOf(e.target);
      if (i === null) return;
      this.root.focus({ preventScroll: true });
      this.select(i, 'none');
    });
    this.viewport.addEventListener('dblclick', (e) => {
      const i = this.rowIndexOf(e.target);
      if (i !== null) this.events.open(i);
    });
    this.viewport.addEventListener('contextmenu', (e) => {
      const i = this.rowIndexOf(e.target);
      if (i === null) return;
      e.preventDefault();
      this.select(i, 'none');
      const r = this.root.getBoundingClientRect();
      this.showMenu(i, e.clientX - r.left, e.clientY - r.top);
    });
    document.addEventListener('pointerdown', (e) => {
      if (!this.menu.contains(e.target as Node)) this.hideMenu();
    });
    new ResizeObserver(() => {
      this.measure();
      this.schedule();
    }).observe(this.scroller);
  }

  get selected(): number {
    return this.selectedRow;
  }
  get rowHeight(): number {
    return ROW_H;
  }

  setColumns(columns: TraceColumn[]): void {
    this.columns = columns;
    this.fitColumns();
    for (const r of this.pool) r.root.remove();
    this.pool = [];
    this.buildHeader();
    this.invalidate();
  }

  /**
   * The columns' tracks; the start column fits a dated start in the editor font, whatever its size (VS Code may
   * set the theme's fonts after the page's script ran: asked again when the first rows come and on theme changes).
   */
  fitColumns(): void {
    const start = `${Math.max(190, this.textWidth('tv-c-start', '0000-00-00 00:00:00.000') + 16)}px`;
    this.root.style.setProperty('--lv-cols', this.columns.map((c) => (c.key === 'start' ? start : c.track)).join(' '));
  }

  /** Width of `text` in a cell of class `cellClass` (0 before the table is in the page). */
  private textWidth(cellClass: string, text: string): number {
    if (!this.root.isConnected) return 0;
    const probe = el('div', `lv-cell ${cellClass}`);
    this.root.append(probe);
    // read before the probe leaves: a detached element's computed style is empty
    const style = getComputedStyle(probe);
    const font = `${style.fontSize} ${style.fontFamily}`;
    probe.remove();
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return 0;
    ctx.font = font;
    return Math.ceil(ctx.measureText(text).width);
  }

  setSort(key: TracesSortKey, descending: boolean): void {
    this.sortKey = key;
    this.descending = descending;
    this.buildHeader();
  }

  setTotal(n: number): void {
    if (this.totalRows === 0 && n > 0) this.fitColumns();
    this.totalRows = n;
    this.root.setAttribute('aria-rowcount', String(n + 1));
    if (this.selectedRow >= n) this.selectedRow = -1;
    this.measure();
    this.schedule();
  }

  invalidate(): void {
    this.generation++;
    this.schedule();
  }

  select(index: number, reveal: 'nearest' | 'center' | 'none' = 'nearest'): void {
    if (index < 0 || index >= this.totalRows) return;
    this.selectedRow = index;
    if (reveal !== 'none') this.scrollToRow(index, reveal);
    this.invalidate();
    this.events.select(index);
  }

  clearSelection(): void {
    this.selectedRow = -1;
    this.invalidate();
  }

  scrollToTop(): void {
    this.setVirtualTop(0);
  }

  rowElement(index: number): HTMLElement | null {
    return this.pool.find((r) => !r.root.hidden && Number(r.root.dataset.index) === index)?.root ?? null;
  }

  // ── layout (as the Logs view's table) ───────────────────────────────────────────────────────────────

  private measure(): void {
    this.viewH = this.scroller.clientHeight;
    this.contentH = this.totalRows * ROW_H;
    this.spacerH = Math.min(this.contentH, MAX_SCROLL_PX);
    this.viewport.style.height = `${this.viewH}px`;
    this.spacer.style.height = `${Math.max(0, this.spacerH - this.viewH)}px`;
  }

  private scaled(): boolean {
    return this.contentH > this.spacerH && this.spacerH > this.viewH;
  }

  private virtualTop(): number {
    if (this.wantedTop !== null) return this.wantedTop;
    const st = this.scroller.scrollTop;
    if (!this.scaled()) return st;
    return (st * (this.contentH - this.viewH)) / (this.spacerH - this.viewH);
  }

  private setVirtualTop(y: number): void {
    const top = Math.max(0, Math.min(y, this.contentH - this.viewH));
    const st = this.scaled() ? (top * (this.spacerH - this.viewH)) / (this.contentH - this.viewH) : top;
    this.wantedTop = this.scaled() ? top : null;
    if (Math.abs(this.scroller.scrollTop - st) >= 0.5) {
      this.selfScroll = true;
      this.scroller.scrollTop = st;
    }
    this.schedule();
  }

  private scrollToRow(index: number, align: 'nearest' | 'center'): void {
    const top = index * ROW_H;
    const y = this.virtualTop();
    if (align === 'center') this.setVirtualTop(top - (this.viewH - ROW_H) / 2);
    else if (top < y) this.setVirtualTop(top);
    else if (top + ROW_H > y + this.viewH) this.setVirtualTop(top + ROW_H - this.viewH);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  draw(): void {
    if (this.viewH === 0) this.measure();
    const y = this.virtualTop();
    const n = this.totalRows;
    const first = n === 0 ? 0 : Math.max(0, Math.min(n - 1, Math.floor(y / ROW_H)));
    const last = n === 0 ? -1 : Math.max(first, Math.min(n - 1, Math.floor((y + this.viewH) / ROW_H)));
    const visible = last - first + 1;
    while (this.pool.length < visible) this.pool.push(this.makeRow());
    for (let k = 0; k < this.pool.length; k++) {
      const r = this.pool[k]!;
      if (k >= visible) {
        if (!r.root.hidden) r.root.hidden = true;
        continue;
      }
      const i = first + k;
      r.root.hidden = false;
      r.root.style.transform = `translateY(${i * ROW_H - y}px)`;
      this.fill(r, i, k === 0);
    }
    this.first = first;
    this.last = last;
    const active = this.selectedRow >= first && this.selectedRow <= last ? `tv-row-${this.selectedRow}` : '';
    if (active) this.root.setAttribute('aria-activedescendant', active);
    else this.root.removeAttribute('aria-activedescendant');
    if (n > 0) this.source.need(first, last);
    this.events.scrolled(first, last);
  }

  // ── rows ────────────────────────────────────────────────────────────────────────────────────────────

  private buildHeader(): void {
    this.header.replaceChildren();
    this.columns.forEach((c, ci) => {
      const h = el('div', `lv-hcell tv-h-${c.key}${c.numeric ? ' tv-num' : ''}`);
      h.setAttribute('role', 'columnheader');
      h.setAttribute('aria-colindex', String(ci + 1));
      h.dataset.column = c.key;
      if (c.sort) {
        const sorted = c.sort === this.sortKey;
        h.setAttribute('aria-sort', sorted ? (this.descending ? 'descending' : 'ascending') : 'none');
        const b = el('button', 'tv-sort', c.title + (sorted ? (this.descending ? ' ▼' : ' ▲') : ''));
        b.type = 'button';
        b.title = `Sort by ${c.title.toLowerCase()} (again to reverse)`;
        const key = c.sort;
        b.addEventListener('click', () => this.events.sort(key));
        h.append(b);
      } else h.textContent = c.title;
      this.header.append(h);
    });
  }

  private makeRow(): RowEl {
    const root = el('div', 'lv-row tv-row');
    root.setAttribute('role', 'row');
    const cells: RowEl['cells'] = {};
    this.columns.forEach((c, ci) => {
      const cell = el('div', `lv-cell tv-c-${c.key}${c.numeric ? ' tv-num' : ''}`);
      cell.setAttribute('role', 'gridcell');
      cell.setAttribute('aria-colindex', String(ci + 1));
      cells[c.key] = cell;
      root.append(cell);
    });
    root.hidden = true;
    this.viewport.append(root);
    return { root, cells, key: '' };
  }

  private fill(r: RowEl, i: number, firstOnScreen: boolean): void {
    const row = this.source.row(i);
    const prev = i > 0 ? this.source.row(i - 1) : undefined;
    const showDate =
      row?.startMs != null && (firstOnScreen || prev?.startMs == null || dateOf(prev.startMs) !== dateOf(row.startMs));
    const key = `${this.generation}:${i}:${row ? row.id : ''}:${showDate ? 1 : 0}`;
    if (r.key === key) return;
    r.key = key;
    r.root.id = `tv-row-${i}`;
    r.root.dataset.index = String(i);
    r.root.setAttribute('aria-rowindex', String(i + 2));
    r.root.setAttribute('aria-selected', String(i === this.selectedRow));
    r.root.classList.toggle('lv-selected', i === this.selectedRow);
    r.root.classList.toggle('lv-loading', !row);
    const c = r.cells;
    const set = (k: TraceColumnKey, text: string, title?: string) => {
      const cell = c[k];
      if (!cell) return;
      cell.textContent = text;
      cell.title = title ?? '';
    };
    if (!row) {
      for (const cell of Object.values(c)) cell.textContent = '';
      set('name', '…');
      r.root.dataset.id = '';
      return;
    }
    r.root.dataset.id = row.id;
    r.root.classList.toggle('tv-has-errors', row.errors > 0);
    set('start', row.startMs === null ? '—' : `${showDate ? `${dateOf(row.startMs)} ` : ''}${clockOf(row.startMs)}`);
    set('duration', row.durationMs === null ? '—' : durationText(row.durationMs));
    // the whole start, to the nanosecond the group has, on hover
    if (row.startMs !== null) c.start!.title = `${dateOf(row.startMs)} ${clockOf(row.startMs, row.startSubMsNs)}`;
    set('spans', count(row.spans));
    set('records', count(row.records));
    set('errors', row.errors === 0 ? '' : count(row.errors));
    const services = row.services.map((s) => safeText(s, 200)).join(', ');
    set('service', services, services);
    const name = safeText(row.root ?? (row.id === 'ungrouped' ? 'No group' : row.key), 500);
    set('name', name, name);
    set('key', safeText(row.key, 200), safeText(row.key, 500));
  }

  private rowIndexOf(target: EventTarget | null): number | null {
    const rowEl = (target as HTMLElement | null)?.closest?.('.tv-row') as HTMLElement | null;
    if (!rowEl || !rowEl.dataset.index) return null;
    return Number(rowEl.dataset.index);
  }

  // ── the row menu ────────────────────────────────────────────────────────────────────────────────────

  private showMenu(i: number, x: number, y: number): void {
    this.menuRow = i;
    this.menu.replaceChildren();
    const item = (label: string, run: () => void) => {
      const b = el('button', 'lv-button tv-menu-item', label);
      b.type = 'button';
      b.setAttribute('role', 'menuitem');
      b.addEventListener('click', () => {
        this.hideMenu();
        run();
      });
      b.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') {
          this.hideMenu();
          this.root.focus();
        }
      });
      this.menu.append(b);
      return b;
    };
    const open = item('Open Timeline', () => this.events.open(i));
    item('Show Logs', () => this.events.showLogs(i));
    this.menu.style.left = `${Math.max(0, x)}px`;
    this.menu.style.top = `${Math.max(0, y)}px`;
    this.menu.style.right = 'auto';
    this.menu.hidden = false;
    open.focus();
  }

  private hideMenu(): void {
    if (this.menu.hidden) return;
    this.menu.hidden = true;
    this.menuRow = -1;
  }

  get menuOpenFor(): number {
    return this.menuRow;
  }

  private onKey(e: KeyboardEvent): void {
    // the menu's items and the header's sort buttons take their own keys (Enter on a header sorts, not opens)
    if (this.menu.contains(e.target as Node) || this.header.contains(e.target as Node)) return;
    const page = Math.max(1, Math.floor(this.viewH / ROW_H) - 1);
    const cur = this.selectedRow < 0 ? this.first - 1 : this.selectedRow;
    let to: number | null = null;
    switch (e.key) {
      case 'ArrowDown':
        to = cur + 1;
        break;
      case 'ArrowUp':
        to = Math.max(0, cur - 1);
        break;
      case 'PageDown':
        to = cur + page;
        break;
      case 'PageUp':
        to = Math.max(0, cur - page);
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = this.totalRows - 1;
        break;
      case 'Enter':
        if (this.selectedRow >= 0) this.events.open(this.selectedRow);
        e.preventDefault();
        return;
      case 'l':
      case 'L':
        if (!e.ctrlKey && !e.metaKey && !e.altKey && this.selectedRow >= 0) {
          this.events.showLogs(this.selectedRow);
          e.preventDefault();
        }
        return;
      case 'ContextMenu':
      case 'F10':
        if ((e.key === 'ContextMenu' || e.shiftKey) && this.selectedRow >= 0) {
          const row = this.rowElement(this.selectedRow);
          const r = this.root.getBoundingClientRect();
          const b = row?.getBoundingClientRect();
          this.showMenu(this.selectedRow, b ? b.left - r.left + 40 : 40, b ? b.bottom - r.top : 40);
          e.preventDefault();
        }
        return;
      case '/':
        this.events.focusFilter();
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    if (this.totalRows === 0) return;
    this.select(Math.max(0, Math.min(this.totalRows - 1, to)), 'nearest');
  }
}

/** "1.23 s", "45.6 ms", "120 µs": three significant digits. */
export function durationText(ms: number): string {
  if (ms === 0) return '0';
  return durationLabel(ms);
}
