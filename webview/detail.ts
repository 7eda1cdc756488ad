// The pane beside the waterfall: the selected span's facts, attributes, events, links and status, and its
// log records as a virtualised list (only the rows in view exist; pages are fetched from the host as the
// list scrolls). Every value from the log goes in through textContent.

import type { RecordRow, RecordView, SpanDetail } from '../src/shared/protocol';
import { formatDuration } from './format';
import { renderRecord } from './record';
import { LEVEL_NAMES } from './theme';
import { el, safeText } from './text';

const REC_H = 24;
const PAGE = 200;

export interface DetailActions {
  goToSource(recordId: number): void;
  zoomToSpan(): void;
  /** Go to the source of the selected span's first record. */
  spanSource(): void;
  /** Open the Logs view on the selected span. */
  showLogs(): void;
  selectRecord(recordId: number): void;
  fetchRecords(offset: number, limit: number): Promise<{ total: number; items: RecordRow[] }>;
  /** One record in full, as the Logs view's expanded row shows it (null: gone from the session). */
  fetchRecord(recordId: number): Promise<RecordView | null>;
  openFrame(recordId: number, line: number): void;
  copyRecord(recordId: number): void;
}

export interface SpanFacts {
  name: string;
  service: string | null;
  startNs: number;
  durationNs: number;
  selfNs: number;
  records: number;
  error: boolean;
}

export class DetailPane {
  readonly root = el('aside', 'tl-detail');
  private readonly body = el('div', 'tl-detail-body');
  private readonly list: RecordList;
  private token = 0;
  private spanStart = 0;
  /** The selected record in full, below the span's record list. */
  private readonly record = el('section', 'tl-section tl-record-section');
  private recordShown: number | null = null;
  private recordToken = 0;

  constructor(private readonly actions: DetailActions) {
    this.root.setAttribute('aria-label', 'Selected span');
    this.root.append(this.body);
    this.list = new RecordList({
      ...actions,
      selectRecord: (id) => {
        actions.selectRecord(id);
        this.showRecord(id);
      },
    });
    this.record.setAttribute('aria-label', 'Selected record');
    this.clear();
  }

  /** Shows one record of the span in full, the same way the Logs view's expanded row does. */
  showRecord(recordId: number): void {
    if (this.recordShown === recordId && !this.record.hidden) return;
    this.recordShown = recordId;
    const token = ++this.recordToken;
    this.record.hidden = false;
    this.record.replaceChildren(el('h3', '', 'Selected record'), el('p', 'tl-loading', 'Loading…'));
    this.actions.fetchRecord(recordId).then(
      (v) => {
        if (token !== this.recordToken) return;
        this.record.replaceChildren(
          el('h3', '', 'Selected record'),
          v
            ? renderRecord(v, {
                goToSource: (id) => this.actions.goToSource(id),
                openFrame: (id, line) => this.actions.openFrame(id, line),
                copy: (id) => this.actions.copyRecord(id),
                showLogs: () => this.actions.showLogs(),
              })
            : el('p', 'tl-muted', 'This record is no longer in the session.'),
        );
        this.record.scrollIntoView({ block: 'nearest' });
      },
      (e: unknown) => {
        if (token === this.recordToken)
          this.record.replaceChildren(el('p', 'tl-error', safeText(e instanceof Error ? e.message : String(e), 500)));
      },
    );
  }

  private hideRecord(): void {
    this.recordToken++;
    this.recordShown = null;
    this.record.hidden = true;
    this.record.replaceChildren();
  }

  clear(): void {
    this.token++;
    this.hideRecord();
    this.body.replaceChildren(
      el('p', 'tl-empty', 'Select a span to see its attributes, events, links and log records.'),
    );
  }

  /** Facts the webview already has, shown at once; the rest follows when `detail` arrives. */
  showSpan(facts: SpanFacts, recordTotal: number): number {
    const token = ++this.token;
    this.spanStart = facts.startNs;
    const head = el('div', 'tl-detail-head');
    const title = el('h2', 'tl-detail-title', facts.name);
    title.dir = 'auto';
    head.append(title);
    const facts1 = el('dl', 'tl-facts');
    const fact = (k: string, v: string) => facts1.append(el('dt', '', k), el('dd', '', v));
    fact('Service', facts.service ?? '—');
    fact('Duration', formatDuration(facts.durationNs));
    fact('Self time', formatDuration(facts.selfNs));
    fact('Starts at', `+${formatDuration(facts.startNs)}`);
    fact('Records', String(recordTotal));
    const bar = el('div', 'tl-detail-actions');
    bar.append(button('zoom-in', 'Zoom to span', () => this.actions.zoomToSpan()));
    if (recordTotal > 0)
      bar.append(
        button(
          'list-flat',
          'Show Logs',
          () => this.actions.showLogs(),
          'Show the records of this span in the Logs view',
        ),
        button('go-to-file', 'Go to Source', () => this.actions.spanSource()),
      );
    head.append(bar, facts1);
    this.hideRecord();
    this.body.replaceChildren(
      head,
      el('p', 'tl-loading', 'Loading details…'),
      this.recordsSection(recordTotal),
      this.record,
    );
    return token;
  }

  fill(token: number, d: SpanDetail): void {
    if (token !== this.token) return;
    const loading = this.body.querySelector('.tl-loading');
    const frag = document.createDocumentFragment();
    const status = el('section', 'tl-section');
    status.append(el('h3', '', 'Status'));
    const st = el(
      'p',
      `tl-status tl-status-${d.status}`,
      d.status === 'error' ? 'Error' : d.status === 'ok' ? 'OK' : 'Unset',
    );
    if (d.statusMessage) st.append(el('span', 'tl-status-message', ` — ${safeText(d.statusMessage)}`));
    status.append(st);
    const ids = el('dl', 'tl-facts');
    const id = (k: string, v: string | null) => {
      if (v) ids.append(el('dt', '', k), el('dd', 'tl-mono', safeText(v, 300)));
    };
    id('Trace ID', d.traceId);
    id('Span ID', d.spanId);
    id('Parent', d.parentSpanId);
    id('Kind', d.kind);
    id('Origin', d.origin);
    id('Format', d.format);
    status.append(ids);
    frag.append(status);

    frag.append(section('Attributes', d.attributes.length, () => attrTable(d.attributes)));
    frag.append(
      section('Events', d.events.length, () => {
        const ul = el('ul', 'tl-events');
        for (const e of d.events) {
          const li = el('li');
          li.append(
            el('span', 'tl-mono', `+${formatDuration(e.timeNs - this.spanStart)} `),
            el('strong', '', safeText(e.name, 300)),
          );
          if (e.attributes.length) li.append(attrTable(e.attributes));
          ul.append(li);
        }
        return ul;
      }),
    );
    frag.append(
      section('Links', d.links.length, () => {
        const ul = el('ul', 'tl-links');
        for (const l of d.links) {
          const li = el('li');
          li.append(el('span', 'tl-mono', `${safeText(l.traceId, 100)} / ${safeText(l.spanId, 100)}`));
          if (l.attributes.length) li.append(attrTable(l.attributes));
          ul.append(li);
        }
        return ul;
      }),
    );
    loading?.replaceWith(frag);
  }

  failed(token: number, message: string): void {
    if (token !== this.token) return;
    this.body
      .querySelector('.tl-loading')
      ?.replaceWith(el('p', 'tl-error', `Could not load details: ${safeText(message, 500)}`));
  }

  /** Scroll the record list to the record at `index` of the span's records and mark it. */
  focusRecord(index: number, recordId: number): void {
    this.list.reveal(index, recordId);
    this.showRecord(recordId);
  }

  private recordsSection(total: number): HTMLElement {
    const s = el('section', 'tl-section tl-records-section');
    s.append(el('h3', '', `Log records (${total})`));
    this.list.reset(total);
    s.append(this.list.root);
    return s;
  }
}

function section(title: string, count: number, body: () => HTMLElement): HTMLElement {
  const s = el('section', 'tl-section');
  s.append(el('h3', '', `${title} (${count})`));
  s.append(count ? body() : el('p', 'tl-empty', 'None'));
  return s;
}

function attrTable(attrs: [string, string][]): HTMLElement {
  const t = el('table', 'tl-attrs');
  for (const [k, v] of attrs) {
    const tr = el('tr');
    // Long values scroll inside their cell instead of pushing everything else out of the pane.
    const td = el('td', 'tl-mono');
    const val = el('div', 'tl-attr-value', safeText(v, 4000));
    val.dir = 'auto';
    td.append(val);
    tr.append(el('th', '', safeText(k, 200)), td);
    t.append(tr);
  }
  return t;
}

export function button(icon: string, label: string, onClick: () => void, title?: string): HTMLElement {
  const b = document.createElement('vscode-button');
  b.setAttribute('secondary', '');
  b.setAttribute('icon', icon);
  b.setAttribute('aria-label', label);
  if (title) b.title = title;
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** Fixed-height rows over a scrolling spacer; pages of records fetched on demand and cached. */
class RecordList {
  readonly root = el('div', 'tl-records');
  private readonly spacer = el('div', 'tl-records-spacer');
  private readonly rowsEl = el('div', 'tl-records-rows');
  private total = 0;
  private pages = new Map<number, RecordRow[] | 'loading'>();
  private generation = 0;
  private marked = -1;
  private frame = 0;

  constructor(private readonly actions: DetailActions) {
    this.root.tabIndex = 0;
    this.root.setAttribute('role', 'list');
    this.root.setAttribute('aria-label', 'Log records of the selected span');
    this.root.append(this.spacer, this.rowsEl);
    this.root.addEventListener('scroll', () => this.schedule());
    new ResizeObserver(() => this.schedule()).observe(this.root);
  }

  reset(total: number): void {
    this.total = total;
    this.pages = new Map();
    this.generation++;
    this.marked = -1;
    this.spacer.style.height = `${total * REC_H}px`;
    this.root.scrollTop = 0;
    this.schedule();
  }

  reveal(index: number, recordId: number): void {
    this.marked = recordId;
    const top = index * REC_H;
    if (top < this.root.scrollTop || top + REC_H > this.root.scrollTop + this.root.clientHeight)
      this.root.scrollTop = Math.max(0, top - this.root.clientHeight / 2);
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    if (this.total === 0) {
      this.rowsEl.replaceChildren(el('p', 'tl-empty', 'No records on this span.'));
      return;
    }
    const h = Math.max(this.root.clientHeight, REC_H * 8);
    const first = Math.max(0, Math.floor(this.root.scrollTop / REC_H) - 2);
    const last = Math.min(this.total, Math.ceil((this.root.scrollTop + h) / REC_H) + 2);
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const page = Math.floor(i / PAGE);
      const got = this.pages.get(page);
      if (got === undefined) this.fetch(page);
      const r = Array.isArray(got) ? got[i - page * PAGE] : undefined;
      const row = el('div', 'tl-record');
      row.style.top = `${i * REC_H}px`;
      row.setAttribute('role', 'listitem');
      if (!r) {
        row.append(el('span', 'tl-muted', '…'));
        rows.push(row);
        continue;
      }
      if (r.id === this.marked) row.classList.add('tl-record-marked');
      const lvl = LEVEL_NAMES[r.level] ?? 'none';
      const level = el('span', `tl-level tl-level-${lvl}`, lvl === 'none' ? '—' : lvl.toUpperCase());
      const time = el('span', 'tl-record-time tl-mono', r.timeNs === null ? 'no time' : `+${formatDuration(r.timeNs)}`);
      const msg = el('span', 'tl-record-message', safeText(r.message, 400));
      msg.dir = 'auto';
      const src = el('span', 'tl-record-source tl-mono', r.source ? safeText(r.source, 200) : '');
      const go = document.createElement('vscode-icon');
      go.setAttribute('name', 'go-to-file');
      go.setAttribute('action-icon', '');
      go.setAttribute('label', 'Go to Source');
      go.setAttribute('aria-label', `Go to source of record ${r.id}`);
      go.addEventListener('click', (e) => {
        e.stopPropagation();
        this.actions.goToSource(r.id);
      });
      row.append(go, level, time, msg, src);
      row.addEventListener('click', () => {
        this.marked = r.id;
        this.actions.selectRecord(r.id);
        this.schedule();
      });
      rows.push(row);
    }
    this.rowsEl.replaceChildren(...rows);
  }

  private fetch(page: number): void {
    this.pages.set(page, 'loading');
    const gen = this.generation;
    this.actions.fetchRecords(page * PAGE, PAGE).then(
      (r) => {
        if (gen === this.generation) {
          this.pages.set(page, r.items);
          this.schedule();
        }
      },
      () => {
        if (gen === this.generation) this.pages.delete(page);
      },
    );
  }
}
