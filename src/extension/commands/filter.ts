// threadline.filter: the Groups tree's filter, in the filter language every view shares (level>=warn,
// trace:ID, service:orders, "some words", /regex/, since:15m …). The input box checks it as you type and says
// where a mistake is. A string argument sets it directly; null clears it.

import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';

type Services = Parameters<ThreadlineCommand['run']>[0];

export function applyFilter(s: Services, filter: string | null): boolean {
  try {
    s.host.setFilter(filter ?? '');
  } catch (err) {
    void vscode.window.showErrorMessage(`Threadline: ${describeError(err)}`);
    return false;
  }
  return true;
}

function describeError(err: unknown): string {
  if (err && typeof err === 'object' && 'column' in err && err instanceof Error)
    return `${err.message} (column ${String(err.column)})`;
  return err instanceof Error ? err.message : String(err);
}

export const filterCommand: ThreadlineCommand = {
  id: CommandId.Filter,
  async run(s, arg?: unknown) {
    if (arg === null || typeof arg === 'string') return applyFilter(s, arg) ? s.host.filter : undefined;
    const text = await vscode.window.showInputBox({
      title: 'Filter the Groups tree',
      value: s.host.filter,
      placeHolder: 'level>=warn service:orders "payment declined" -health since:15m',
      prompt:
        'Words, "phrases", -exclusions, /regex/, level>=warn, trace:ID, corr:ID, thread:NAME, ' +
        'field.path:value, since:/until:',
      validateInput: (v) => {
        const err = v.trim() === '' ? null : s.host.session.checkFilter(v);
        return err ? `${err.message} (column ${err.column})` : undefined;
      },
    });
    if (text === undefined) return undefined;
    return applyFilter(s, text) ? s.host.filter : undefined;
  },
};

export const clearFilterCommand: ThreadlineCommand = {
  id: CommandId.ClearFilter,
  run(s) {
    applyFilter(s, null);
    return null;
  },
};
