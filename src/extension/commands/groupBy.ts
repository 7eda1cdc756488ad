// threadline.groupBy: trace / correlation ID / thread / the value of any field.

import * as vscode from 'vscode';
import type { GroupKind } from '../../core/model';
import type { GroupBy } from '../../core/session/api';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';

const KINDS: { kind: GroupKind; label: string; detail: string }[] = [
  { kind: 'trace', label: 'Trace', detail: 'Trace ID: spans with their logs' },
  { kind: 'correlation', label: 'Correlation ID', detail: 'Request / correlation IDs (reqId, requestId, …)' },
  { kind: 'thread', label: 'Thread', detail: 'Runs of a thread' },
];

function parseArg(arg: unknown): GroupBy | null {
  if (typeof arg === 'string') {
    if (KINDS.some((k) => k.kind === arg)) return { kind: arg as GroupKind };
    if (arg.startsWith('field:') && arg.length > 6) return { field: arg.slice(6) };
    return null;
  }
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { kind?: unknown; field?: unknown };
    if (typeof o.kind === 'string' && KINDS.some((k) => k.kind === o.kind)) return { kind: o.kind as GroupKind };
    if (typeof o.field === 'string' && o.field.trim()) return { field: o.field.trim() };
  }
  return null;
}

export const groupByCommand: ThreadlineCommand = {
  id: CommandId.GroupBy,
  async run(s, arg?: unknown) {
    let by = parseArg(arg);
    if (!by) {
      const current = s.host.groupingKind();
      const pick = await vscode.window.showQuickPick(
        [
          ...KINDS.map((k) => ({
            label: k.label,
            detail: k.detail,
            by: { kind: k.kind } as GroupBy,
            picked: current === k.kind,
          })),
          {
            label: 'Field…',
            detail: 'Any field: service, logger, host, user.id, …',
            by: null as GroupBy | null,
            picked: current === 'field',
          },
        ],
        { title: 'Group Threadline records by', placeHolder: `Currently: ${current}` },
      );
      if (!pick) return undefined;
      by = pick.by;
      if (!by) {
        const field = await vscode.window.showInputBox({
          title: 'Group by field',
          prompt: 'A normalised name (service, logger, thread, level) or a raw key / dotted path (user.id)',
          validateInput: (v) => (v.trim() ? undefined : 'Enter a field name'),
        });
        if (!field) return undefined;
        by = { field: field.trim() };
      }
    }
    s.host.setGrouping(by);
    return by;
  },
};
