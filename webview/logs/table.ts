// The Logs view's table: an ARIA grid over any number of rows with only the visible ones in the DOM. Rows have a
// fixed height; one row at a time may be expanded, its detail drawn in place below it. Past a few million pixels
// the scrollbar stands for the content scaled down (browsers cap an element's height), so 10 million rows scroll
// as smoothly as 10. The table knows rows only through `TableSource`; fetching is the app's business.

import type { LogRow } from '../../src/shared/protocol';
import { LEVEL_NAMES } from '../theme';
import { el, safeText } from '../text';
import { clockOf, dateOf } from './format';

export type ColumnKey = 'time' | 'level' | 'service' | 'thread' | 'trace' | 'source' | 'message';

export interface Column {
  key: ColumnKey;
  title: string;
  width: number;
  visible: boolean;
}

export const DEFAULT_COLUMNS: Column[] = [
  { key: 'time', title: 'Time', width: 196, visible: true },
  { key: 'level', title: 'Level', width: 56, visible: true },
  { key: 'service', title: 'Service', width: 110, visible: true },
  { key: 'thread', title: 'Thread', width: 110, visible: true },
  { key: 'trace', title: 'Trace', width: 86, visible: true },
  { key: 'source', title: 'Source', width: 160, visible: true },
  { key: 'message', title: 'Message', width: 0, visible: true },
];

const MIN_WIDTH = 36;
/** Above this the scrollbar's range stands for the content scaled down. */
export const MAX_SCROLL_PX = 8_000_000;
const ROW_H = 22;
const WRAP_ROW_H = 56;

export interface TableSource {
  total(): number;
  row(index: number): LogRow | undefined;
  /** Rows [first, last] are on screen: fetch what is missing (and let go of what is far away). */
  need(first: number, last: number): void;
}

export interface TableEvents {
  select(index: number): void;
  toggle(index: number): void;
  copy(index: number): void;
  filterBy(term: string): void;
  focusFilter(): void;
  /** After each draw: the rows on screen. `byUser` when the user scrolled (not the table itself). */
  scrolled(first: number, last: number, atEnd: boolean, byUser: boolean): void;
}

interface RowEl {
  root: HTMLDivElement;
  cells: Record<ColumnKey, HTMLDivElement>;
  key: string;
}

export class LogTable {
  readonly root = el('div', 'lv-grid');
  private readonly header = el('div', 'lv-header');
  private readonly scroller = el('div', 'lv-scroll');
  private readonly viewport = el('div', 'lv-viewport');
  private readonly spacer = el('div', 'lv-spacer');
  readonly detail = el('div', 'lv-detail');
  private readonly pool: RowEl[] = [];
  private columns: Column[];
  private rowH = ROW_H;
  private totalRows = 0;
  private expandedRow = -1;
  private detailH = 0;
  private selectedRow = -1;
  private viewH = 0;
  private spacerH = 0;
  private contentH = 0;
  /** Exact virtual top after a programmatic scroll (the scaled scrollTop rounds). */
  private wantedTop: number | null = null;
  private selfScroll = false;
  /** Set on expanding until the user scrolls: the detail's growth scrolls it into view. */
  private revealDetail = false;
  private frame = 0;
  private generation = 0;
  first = 0;
  last = -1;

  constructor(
    private readonly source: TableSource,
    private readonly events: TableEvents,
    columns: Column[],
  ) {
    this.columns = columns.map((c) => ({ ...c }));
    this.root.setAttribute('role', 'grid');
    this.root.setAttribute('aria-label', 'Log records');
    this.root.setAttribute('aria-readonly', 'true');
    this.root.tabIndex = 0;
    const headGroup = el('div', 'lv-rowgroup');
    headGroup.setAttribute('role', 'rowgroup');
    this.header.setAttribute('role', 'row');
    this.header.setAttribute('aria-rowindex', '1');
    headGroup.append(this.header);
    const bodyGroup = this.viewport;
    bodyGroup.setAttribute('role', 'rowgroup');
    this.detail.hidden = true;
    this.detail.setAttribute('role', 'region');
    this.detail.setAttribute('aria-label', 'Record details');
    this.viewport.append(this.detail);
    this.scroller.append(this.viewport, this.spacer);
    this.root.append(headGroup, this.scroller);
    this.buildHeader();
    this.applyColumns();
    this.scroller.addEventListener(
      'scroll',
      () => {
        if (!this.selfScroll) {
          this.wantedTop = null;
          this.revealDetail = false;
        }
        this.schedule(!this.selfScroll);
        this.selfScroll = false;
      },
      { passive: true },
    );
    this.root.addEventListener('keydown', (e) => this.onKey(e));
    this.viewport.addEventListener('click', (e) => this.onClick(e));
    this.viewport.addEventListener('dblclick', (e) => {
      const i = this.rowIndexOf(e.target);
      if (i !== null) this.events.toggle(i);
    });
    new ResizeObserver(() => {
      this.measure();
      this.schedule(false);
    }).observe(this.scroller);
    new ResizeObserver(() => {
      const h = this.detail.hidden ? 0 : this.detail.offsetHeight;
      if (h === this.detailH) return;
      this.detailH = h;
      this.measure();
      // a row just expanded: bring its detail into view, keeping the row itself on screen
      if (this.revealDetail && this.expandedRow >= 0 && h > 0) {
        const top = this.rowTop(this.expandedRow),
          bottom = top + this.rowH + h;
        if (bottom > this.virtualTop() + this.viewH) this.setVirtualTop(Math.min(top, bottom - this.viewH));
      }
      this.schedule(false);
    }).observe(this.detail);
  }

  get total(): number {
    return this.totalRows;
  }
  get selected(): number {
    return this.selectedRow;
  }
  get expanded(): number {
    return this.expandedRow;
  }
  get rowHeight(): number {
    return this.rowH;
  }
  get columnState(): Column[] {
    return this.columns.map((c) => ({ ...c }));
  }

  setTotal(n: number): void {
    this.totalRows = n;
    this.root.setAttribute('aria-rowcount', String(n + 1));
    if (this.selectedRow >= n) this.selectedRow = -1;
    if (this.expandedRow >= n) this.setExpanded(-1);
    this.measure();
    this.schedule(false);
  }

  /** Rows' content changed (a new page, a new query): redraw every visible row. */
  invalidate(): void {
    this.generation++;
    this.schedule(false);
  }

  setWrap(wrap: boolean): void {
    this.root.classList.toggle('lv-wrap', wrap);
    const top = this.virtualTop();
    const row = Math.floor(top / this.rowH);
    this.rowH = wrap ? WRAP_ROW_H : ROW_H;
    this.root.style.setProperty('--lv-row-h', `${this.rowH}px`);
    this.measure();
    this.setVirtualTop(row * this.rowH);
    this.invalidate();
  }

  setColumnVisible(key: ColumnKey, visible: boolean): void {
    const c = this.columns.find((x) => x.key === key);
    if (!c || key === 'message') return;
    c.visible = visible;
    this.applyColumns();
    this.invalidate();
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

  setExpanded(index: number): void {
    this.expandedRow = index;
    this.revealDetail = index >= 0;
    this.detail.hidden = index < 0;
    if (index < 0) {
      this.detail.replaceChildren();
      this.detailH = 0;
    }
    this.measure();
    this.invalidate();
  }

  scrollToRow(index: number, align: 'nearest' | 'center' | 'top' = 'nearest'): void {
    const top = this.rowTop(index);
    const y = this.virtualTop();
    if (align === 'center') this.setVirtualTop(top - (this.viewH - this.rowH) / 2);
    else if (align === 'top') this.setVirtualTop(top);
    else if (top < y) this.setVirtualTop(top);
    else if (top + this.rowH > y + this.viewH) this.setVirtualTop(top + this.rowH - this.viewH);
  }

  scrollToEnd(): void {
    this.setVirtualTop(this.contentH);
  }

  isAtEnd(): boolean {
    return this.virtualTop() >= this.contentH - this.viewH - 2;
  }

  /** The element of a visible row (tests, focus). */
  rowElement(index: number): HTMLElement | null {
    return this.pool.find((r) => !r.root.hidden && Number(r.root.dataset.index) === index)?.root ?? null;
  }

  // ── layout ──────────────────────────────────────────────────────────────────────────────────────────

  private measure(): void {
    this.viewH = this.scroller.clientHeight;
    this.contentH = this.totalRows * this.rowH + (this.expandedRow >= 0 ? this.detailH : 0);
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
    this.schedule(false);
  }

  private rowTop(i: number): number {
    return i * this.rowH + (this.expandedRow >= 0 && i > this.expandedRow ? this.detailH : 0);
  }

  private rowAt(y: number): number {
    const e = this.expandedRow;
    if (e >= 0 && y >= (e + 1) * this.rowH) {
      if (y < (e + 1) * this.rowH + this.detailH) return e;
      return Math.floor((y - this.detailH) / this.rowH);
    }
    return Math.floor(y / this.rowH);
  }

  private schedule(byUser: boolean): void {
    if (byUser) this.userScroll = true;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const u = this.userScroll;
      this.userScroll = false;
      this.draw(u);
    });
  }
  private userScroll = false;

  /** Draws now (tests and the benchmark call it through the app; the table itself draws on animation frames). */
  draw(byUser = false): void {
    if (this.viewH === 0) this.measure();
    const y = this.virtualTop();
    const n = this.totalRows;
    const first = n === 0 ? 0 : Math.max(0, Math.min(n - 1, this.rowAt(y)));
    const last = n === 0 ? -1 : Math.max(first, Math.min(n - 1, this.rowAt(y + this.viewH)));
    const count = last - first + 1;
    while (this.pool.length < count) this.pool.push(this.makeRow());
    for (let k = 0; k < this.pool.length; k++) {
      const r = this.pool[k]!;
      if (k >= count) {
        if (!r.root.hidden) r.root.hidden = true;
        continue;
      }
      const i = first + k;
      r.root.hidden = false;
      r.root.style.transform = `translateY(${this.rowTop(i) - y}px)`;
      this.fill(r, i, k === 0);
    }
    if (this.expandedRow >= 0) {
      const top = this.rowTop(this.expandedRow) + this.rowH - y;
      this.detail.style.transform = `translateY(${top}px)`;
    }
    this.first = first;
    this.last = last;
    const active = this.selectedRow >= first && this.selectedRow <= last ? `lv-row-${this.selectedRow}` : '';
    if (active) this.root.setAttribute('aria-activedescendant', active);
    else this.root.removeAttribute('aria-activedescendant');
    if (n > 0) this.source.need(first, last);
    this.events.scrolled(first, last, this.isAtEnd(), byUser);
  }

  // ── rows ────────────────────────────────────────────────────────────────────────────────────────────

  private makeRow(): RowEl {
    const root = el('div', 'lv-row');
    root.setAttribute('role', 'row');
    const cells = {} as Record<ColumnKey, HTMLDivElement>;
    for (const c of DEFAULT_COLUMNS) {
      const cell = el('div', `lv-cell lv-c-${c.key}`);
      cell.setAttribute('role', 'gridcell');
      cells[c.key] = cell;
      root.append(cell);
    }
    root.hidden = true;
    this.viewport.insertBefore(root, this.detail);
    return { root, cells, key: '' };
  }

  private fill(r: RowEl, i: number, firstOnScreen: boolean): void {
    const row = this.source.row(i);
    const prev = i > 0 ? this.source.row(i - 1) : undefined;
    const showDate =
      row?.timeMs != null && (firstOnScreen || prev?.timeMs == null || dateOf(prev.timeMs) !== dateOf(row.timeMs));
    const key = `${this.generation}:${i}:${row ? row.id : -1}:${showDate ? 1 : 0}`;
    if (r.key === key) return;
    r.key = key;
    r.root.id = `lv-row-${i}`;
    r.root.dataset.index = String(i);
    r.root.setAttribute('aria-rowindex', String(i + 2));
    r.root.setAttribute('aria-selected', String(i === this.selectedRow));
    r.root.setAttribute('aria-expanded', String(i === this.expandedRow));
    r.root.classList.toggle('lv-selected', i === this.selectedRow);
    r.root.classList.toggle('lv-loading', !row);
    const c = r.cells;
    if (!row) {
      for (const k of Object.keys(c) as ColumnKey[]) c[k].textContent = '';
      r.root.dataset.id = '';
      c.message.textContent = '…';
      return;
    }
    r.root.dataset.id = String(row.id);
    const level = LEVEL_NAMES[row.level] ?? 'none';
    r.root.dataset.level = level;
    c.time.textContent =
      row.timeMs === null ? '—' : `${showDate ? `${dateOf(row.timeMs)} ` : ''}${clockOf(row.timeMs, row.subMsNs)}`;
    c.level.textContent = row.level === 0 ? '—' : level.toUpperCase();
    c.level.className = `lv-cell lv-c-level lv-l-${level}`;
    c.service.textContent = safeText(row.service ?? '', 200);
    c.thread.textContent = safeText(row.thread ?? '', 200);
    c.trace.textContent = row.trace === null ? '' : shortId(safeText(row.trace, 200));
    c.trace.title =
      row.trace === null
        ? ''
        : `${row.traceKind === 'trace' ? 'Trace' : 'Correlation'} ${safeText(row.trace, 500)}: click to filter by it`;
    c.trace.classList.toggle('lv-link', row.trace !== null);
    c.source.textContent = safeText(row.source ?? '', 300);
    c.source.title = c.source.textContent;
    c.message.textContent = safeText(row.message, 2000);
  }

  private rowIndexOf(target: EventTarget | null): number | null {
    const rowEl = (target as HTMLElement | null)?.closest?.('.lv-row') as HTMLElement | null;
    if (!rowEl || !rowEl.dataset.index) return null;
    return Number(rowEl.dataset.index);
  }

  private onClick(e: MouseEvent): void {
    if (this.detail.contains(e.target as Node)) return;
    const i = this.rowIndexOf(e.target);
    if (i === null) return;
    const cell = (e.target as HTMLElement).closest('.lv-c-trace');
    const row = this.source.row(i);
    if (cell && row?.trace) {
      this.events.filterBy(`${row.traceKind === 'trace' ? 'trace' : 'corr'}:${row.trace}`);
      return;
    }
    this.root.focus({ preventScroll: true });
    this.select(i, 'none');
  }

  private onKey(e: KeyboardEvent): void {
    if (this.detail.contains(e.target as Node) && e.key !== 'Escape') return;
    const page = Math.max(1, Math.floor(this.viewH / this.rowH) - 1);
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
      case ' ':
        if (this.selectedRow >= 0) this.events.toggle(this.selectedRow);
        e.preventDefault();
        return;
      case 'Escape':
        if (this.expandedRow >= 0) {
          this.events.toggle(this.expandedRow);
          this.root.focus();
          e.preventDefault();
        }
        return;
      case '/':
        this.events.focusFilter();
        e.preventDefault();
        return;
      case 'c':
        if (!e.ctrlKey && !e.metaKey && !e.altKey && this.selectedRow >= 0) {
          this.events.copy(this.selectedRow);
          e.preventDefault();
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    if (this.totalRows === 0) return;
    this.select(Math.max(0, Math.min(this.totalRows - 1, to)), 'nearest');
    if (e.key === 'End') this.scrollToEnd();
  }

  // ── columns ─────────────────────────────────────────────────────────────────────────────────────────

  private buildHeader(): void {
    this.header.replaceChildren();
    for (const c of this.columns) {
      const h = el('div', `lv-hcell lv-c-${c.key}`, c.title);
      h.setAttribute('role', 'columnheader');
      if (c.key !== 'message') {
        const grip = el('div', 'lv-resize');
        grip.title = `Resize the ${c.title} column`;
        grip.addEventListener('pointerdown', (e) => this.startResize(e, c.key, grip));
        h.append(grip);
      }
      this.header.append(h);
    }
  }

  private startResize(e: PointerEvent, key: ColumnKey, grip: HTMLElement): void {
    const c = this.columns.find((x) => x.key === key)!;
    const x0 = e.clientX,
      w0 = c.width;
    grip.setPointerCapture(e.pointerId);
    const move = (m: PointerEvent) => {
      c.width = Math.max(MIN_WIDTH, Math.round(w0 + m.clientX - x0));
      this.applyColumns();
    };
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
      this.root.dispatchEvent(new Event('lv-columns'));
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
    e.preventDefault();
    e.stopPropagation();
  }

  private applyColumns(): void {
    // In a narrow panel the other columns give way before the message drops below a readable width.
    const template = this.columns
      .filter((c) => c.visible)
      .map((c) => (c.key === 'message' ? 'minmax(260px, 1fr)' : `minmax(${MIN_WIDTH}px, ${c.width}px)`))
      .join(' ');
    this.root.style.setProperty('--lv-cols', template);
    for (const c of this.columns) this.root.classList.toggle(`lv-hide-${c.key}`, !c.visible);
  }
}

/** Long IDs in a narrow column: the first 8 characters identify them in practice (the tooltip has the rest). */
function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
