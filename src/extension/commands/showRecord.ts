// threadline.showRecord: the record in full, as a read-only JSON document (tree clicks, hovers, search).

import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';
import { recordIdOf } from './targets';

export const showRecordCommand: ThreadlineCommand = {
  id: CommandId.ShowRecord,
  async run(s, arg?: unknown) {
    const id = recordIdOf(s, arg);
    if (id === null) {
      void vscode.window.showInformationMessage('Threadline: select a record first.');
      return undefined;
    }
    const editor = await s.recordDocuments.open(id);
    const sel = s.groupsView.selection[0];
    if (sel?.type === 'record' && sel.recordId === id) s.timeline?.reveal(sel.groupId, sel.spanId ?? undefined, id);
    return editor.document.uri;
  },
};
