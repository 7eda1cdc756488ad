// One record in full, as both pages show it — the Logs view's expanded row and the timeline's detail pane: its
// facts, its full message, its stack trace as frames (each a link to the source line, the application's own frames
// emphasised, libraries' dimmed) and every field as a collapsible tree. Styles in record.css. Everything from the
// log goes in through textContent; long strings are folded until asked for.

import type { FieldNode, RecordView, StackLine } from '../src/shared/protocol';
import { el, safeText } from './text';

const count = (n: number): string => n.toLocaleString('en-US');

/** Strings longer than this show folded, with a button for the rest. */
const FOLD_AT = 300;
const MESSAGE_FOLD_AT = 2000;

/** What the record's buttons and links do; a page leaves out what it has no use for (the timeline: Open Timeline). */
export interface RecordActions {
  goToSource(id: number): void;
  openFrame(id: number, line: number): void;
  copy(id: number): void;
  context?(id: number, by: 'thread' | 'trace'): void;
  openTimeline?(id: number): void;
  showLogs?(id: number): void;
}

export function renderRecord(v: RecordView, a: RecordActions): HTMLElement {
  const root = el('div', 'lv-record');
  const bar = el('div', 'lv-actions');
  const button = (label: string, title: string, run: () => void, cls = '') => {
    const b = el('button', `lv-button ${cls}`, label);
    b.type = 'button';
    b.title = title;
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      run();
    });
    bar.append(b);
    return b;
  };
  if (v.source) button('Go to Source', `Open ${v.source}`, () => a.goToSource(v.id), 'lv-go-source');
  button('Copy as JSON', "Copy the record's fields as JSON (c)", () => a.copy(v.id));
  const fact = (k: string) => v.facts.find(([label]) => label === k)?.[1];
  const { context, openTimeline, showLogs } = a;
  if (showLogs) button('Show in Logs', 'Show this record in the Logs view', () => showLogs(v.id), 'lv-show-logs');
  if (context && fact('thread'))
    button(
      'Context in Thread',
      'Show the records around this one in the same thread, filter off',
      () => context(v.id, 'thread'),
      'lv-context',
    );
  if (fact('trace') || fact('correlation')) {
    if (context)
      button(
        'Context in Trace',
        'Show the records around this one in the same trace, filter off',
        () => context(v.id, 'trace'),
        'lv-context',
      );
    if (openTimeline) button('Open Timeline', "Open the trace's timeline at this record", () => openTimeline(v.id));
  }
  root.append(bar);

  const facts = el('div', 'lv-facts');
  const add = (k: string, val: string) => {
    const f = el('span', 'lv-fact');
    f.append(el('span', 'lv-fact-key', k), el('span', 'lv-fact-value', safeText(val, 2000)));
    facts.append(f);
  };
  for (const [k, val] of v.facts) add(k, val);
  add('read from', v.readFrom);
  if (v.source) add('source', v.source);
  root.append(facts);

  root.append(section('Message', messageBlock(v)));
  if (v.stack) root.append(section('Stack trace', stackBlock(v.id, v.stack, a)));
  const tree = el('div', 'lv-fields');
  tree.setAttribute('role', 'tree');
  tree.setAttribute('aria-label', 'Fields');
  for (const f of v.fields) tree.append(fieldItem(f, 0));
  root.append(section(`Fields (${count(v.fields.length)})`, tree));
  return root;
}

function section(title: string, body: HTMLElement): HTMLElement {
  const s = el('section', 'lv-section');
  s.append(el('h3', '', title), body);
  return s;
}

function messageBlock(v: RecordView): HTMLElement {
  const pre = el('pre', 'lv-message');
  pre.dir = 'auto';
  // Line breaks stay (this is the whole message); disguising characters become visible escapes.
  const show = (text: string) => {
    pre.textContent = text
      .split('\n')
      .map((l) => safeText(l, Number.MAX_SAFE_INTEGER))
      .join('\n');
  };
  if (v.message.length <= MESSAGE_FOLD_AT) {
    show(v.message);
    return pre;
  }
  show(v.message.slice(0, MESSAGE_FOLD_AT));
  const wrap = el('div');
  const more = el('button', 'lv-button lv-more', `Show all ${count(v.messageLength)} characters`);
  more.type = 'button';
  more.addEventListener('click', (e) => {
    e.stopPropagation();
    show(v.message);
    more.remove();
    if (v.messageLength > v.message.length)
      wrap.append(el('p', 'lv-muted', `Cut at ${count(v.message.length)} of ${count(v.messageLength)} characters.`));
  });
  wrap.append(pre, more);
  return wrap;
}

function stackBlock(id: number, lines: StackLine[], a: RecordActions): HTMLElement {
  const list = el('div', 'lv-stack');
  lines.forEach((l, i) => {
    const row = el('div', 'lv-frame');
    if (!l.frame) {
      row.classList.add('lv-frame-text');
      row.textContent = safeText(l.text, 2000);
    } else {
      row.classList.add(l.frame.library ? 'lv-frame-lib' : 'lv-frame-own');
      const link = el('span', 'lv-frame-link', safeText(l.text.trim(), 2000));
      // Not a URL: the host resolves the frame with the workspace's files and opens it.
      link.setAttribute('role', 'link');
      link.tabIndex = 0;
      link.title = `Open ${l.frame.file}${l.frame.line !== null ? `:${l.frame.line}` : ''}`;
      link.dataset.line = String(i);
      const open = (e: Event) => {
        e.preventDefault();
        e.stopPropagation();
        a.openFrame(id, i);
      };
      link.addEventListener('click', open);
      link.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') open(e);
      });
      row.append(link);
    }
    list.append(row);
  });
  return list;
}

function fieldItem(f: FieldNode, depth: number): HTMLElement {
  if (f.children) {
    const d = el('details', 'lv-node');
    d.setAttribute('role', 'treeitem');
    d.open = depth < 1;
    const s = el('summary');
    s.append(
      el('span', 'lv-key', safeText(f.key, 500)),
      el(
        'span',
        'lv-muted',
        f.type === 'array'
          ? ` [${count(f.children.length + (f.omitted ?? 0))}]`
          : ` {${count(f.children.length + (f.omitted ?? 0))}}`,
      ),
    );
    d.append(s);
    const kids = el('div', 'lv-children');
    kids.setAttribute('role', 'group');
    for (const c of f.children) kids.append(fieldItem(c, depth + 1));
    if (f.omitted) kids.append(el('div', 'lv-muted', `… ${count(f.omitted)} more not shown`));
    d.append(kids);
    return d;
  }
  const row = el('div', 'lv-leaf');
  row.setAttribute('role', 'treeitem');
  const value = el('span', `lv-value lv-t-${f.type}`);
  value.dir = 'auto';
  const text = f.value ?? '';
  const full = f.fullLength ?? text.length;
  if (text.length > FOLD_AT) {
    value.textContent = safeText(text.slice(0, FOLD_AT), FOLD_AT);
    const more = el('button', 'lv-button lv-more', `… ${count(full)} characters`);
    more.type = 'button';
    more.addEventListener('click', (e) => {
      e.stopPropagation();
      value.textContent =
        safeText(text, Number.MAX_SAFE_INTEGER) +
        (full > text.length ? ` … (cut at ${count(text.length)} of ${count(full)})` : '');
      more.remove();
    });
    row.append(el('span', 'lv-key', safeText(f.key, 500)), value, more);
  } else {
    value.textContent = safeText(text, FOLD_AT);
    row.append(el('span', 'lv-key', safeText(f.key, 500)), value);
  }
  return row;
}
