// threadline.filter: narrow the session by level, time range, field = value, text or regular expression.
// Each step adds to the current filter; "Clear" removes it. A Filter object as argument sets it directly.

import * as vscode from 'vscode';
import { LEVELS, type Level } from '../../core/model';
import type { Filter } from '../../core/session/api';
import { describeFilter } from '../status/statusBar';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';

type Step = 'minLevel' | 'levels' | 'time' | 'field' | 'text' | 'regex' | 'clear';

export function applyFilter(s: Parameters<ThreadlineCommand['run']>[0], filter: Filter | null): boolean {
  try {
    s.host.session.setFilter(filter);
  } catch (err) {
    void vscode.window.showErrorMessage(`Threadline: ${err instanceof Error ? err.message : String(err)}`);
    return false;
  }
  s.host.filterChanged();
  return true;
}

function parseTime(text: string): bigint | null | undefined {
  const t = text.trim();
  if (!t) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? undefined : BigInt(ms) * 1_000_000n;
}

async function ask(step: Step, current: Filter): Promise<Filter | null | undefined> {
  switch (step) {
    case 'clear':
      return null;
    case 'minLevel': {
      const pick = await vscode.window.showQuickPick(LEVELS.map((l) => ({ label: l, picked: current.minLevel === l })), { title: 'Minimum level' });
      return pick ? { ...current, minLevel: pick.label as Level } : undefined;
    }
    case 'levels': {
      const picks = await vscode.window.showQuickPick(LEVELS.map((l) => ({ label: l, picked: current.levels?.includes(l) ?? false })), { title: 'Only these levels', canPickMany: true });
      return picks ? { ...current, levels: picks.map((p) => p.label as Level) } : undefined;
    }
    case 'time': {
      const validate = (v: string) => (parseTime(v) === undefined ? 'Not a date/time: use ISO 8601, e.g. 2024-05-01T08:15:00Z' : undefined);
      const from = await vscode.window.showInputBox({ title: 'From (empty: no lower bound)', placeHolder: '2024-05-01T08:15:00Z', validateInput: validate });
      if (from === undefined) return undefined;
      const to = await vscode.window.showInputBox({ title: 'To (empty: no upper bound)', placeHolder: '2024-05-01T08:20:00Z', validateInput: validate });
      if (to === undefined) return undefined;
      return { ...current, fromNs: parseTime(from) ?? null, toNs: parseTime(to) ?? null };
    }
    case 'field': {
      const v = await vscode.window.showInputBox({
        title: 'Field = value',
        placeHolder: 'service=orders',
        validateInput: (x) => (/^[^=]+=.*$/.test(x) ? undefined : 'Write field=value'),
      });
      if (!v) return undefined;
      const i = v.indexOf('=');
      return { ...current, fields: [...(current.fields ?? []), { field: v.slice(0, i).trim(), value: v.slice(i + 1).trim() }] };
    }
    case 'text': {
      const v = await vscode.window.showInputBox({ title: 'Text in message or fields', value: current.text ?? '' });
      return v === undefined ? undefined : { ...current, text: v || null };
    }
    case 'regex': {
      const v = await vscode.window.showInputBox({
        title: 'Regular expression (JavaScript syntax)',
        value: current.regex ?? '',
        validateInput: (x) => {
          try {
            new RegExp(x);
            return undefined;
          } catch (e) {
            return e instanceof Error ? e.message : 'Invalid regular expression';
          }
        },
      });
      return v === undefined ? undefined : { ...current, regex: v || null };
    }
  }
}

export const filterCommand: ThreadlineCommand = {
  id: CommandId.Filter,
  async run(s, arg?: unknown) {
    if (arg === null || (typeof arg === 'object' && arg !== null && !Array.isArray(arg))) {
      return applyFilter(s, (arg as Filter | null) ?? null) ? s.host.session.filter() : undefined;
    }
    const current = s.host.session.filter() ?? {};
    const active = describeFilter(s.host.session.filter());
    const steps: { label: string; step: Step; description?: string }[] = [
      { label: '$(arrow-up) Minimum level…', step: 'minLevel', description: current.minLevel ?? undefined },
      { label: '$(list-selection) Levels…', step: 'levels', description: current.levels?.join(', ') },
      { label: '$(clock) Time range…', step: 'time' },
      { label: '$(symbol-field) Field = value…', step: 'field' },
      { label: '$(search) Text…', step: 'text', description: current.text ?? undefined },
      { label: '$(regex) Regular expression…', step: 'regex', description: current.regex ?? undefined },
    ];
    if (active) steps.push({ label: '$(clear-all) Clear filter', step: 'clear', description: active });
    const pick = await vscode.window.showQuickPick(steps, { title: 'Filter Threadline records', placeHolder: active ? `Active: ${active}` : 'No filter active' });
    if (!pick) return undefined;
    const next = await ask(pick.step, current);
    if (next === undefined) return undefined;
    return applyFilter(s, next) ? s.host.session.filter() : undefined;
  },
};

export const clearFilterCommand: ThreadlineCommand = {
  id: CommandId.ClearFilter,
  run(s) {
    applyFilter(s, null);
    return null;
  },
};
