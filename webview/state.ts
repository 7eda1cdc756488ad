// What the panel remembers across hiding and reloading (VS Code keeps it with getState/setState and hands it
// to the serializer): which groups, where the view was, what was selected, collapsed and searched.

export interface SavedState {
  v: 1;
  groupIds: string[];
  align: 'absolute' | 'start';
  view: [start: number, end: number] | null;
  scrollTop: number;
  selected: { groupId: string; span: number; marker: number } | null;
  collapsed: Record<string, number[]>;
  query: string;
  critical: boolean;
}

export function readSavedState(x: unknown): SavedState | null {
  if (typeof x !== 'object' || x === null) return null;
  const s = x as Partial<SavedState>;
  if (s.v !== 1 || !Array.isArray(s.groupIds) || !s.groupIds.every((g) => typeof g === 'string')) return null;
  const num = (n: unknown, d: number) => (typeof n === 'number' && Number.isFinite(n) ? n : d);
  const view =
    Array.isArray(s.view) && s.view.length === 2 && s.view.every((n) => typeof n === 'number' && Number.isFinite(n))
      ? (s.view as [number, number])
      : null;
  const sel =
    s.selected && typeof s.selected.groupId === 'string'
      ? { groupId: s.selected.groupId, span: num(s.selected.span, -1), marker: num(s.selected.marker, -1) }
      : null;
  const collapsed: Record<string, number[]> = {};
  if (s.collapsed && typeof s.collapsed === 'object') {
    for (const [k, v] of Object.entries(s.collapsed))
      if (Array.isArray(v)) collapsed[k] = v.filter((n) => typeof n === 'number');
  }
  return {
    v: 1,
    groupIds: s.groupIds,
    align: s.align === 'start' ? 'start' : 'absolute',
    view,
    scrollTop: num(s.scrollTop, 0),
    selected: sel,
    collapsed,
    query: typeof s.query === 'string' ? s.query : '',
    critical: s.critical === true,
  };
}
