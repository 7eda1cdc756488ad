// threadline.copyRecord: the record's fields as JSON on the clipboard.

import * as vscode from 'vscode';
import { recordJson, toJson } from '../../core/json/recordJson';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';
import { recordIdOf } from './targets';

export const copyRecordCommand: ThreadlineCommand = {
  id: CommandId.CopyRecord,
  async run(s, arg?: unknown) {
    const id = recordIdOf(s, arg);
    if (id === null) {
      void vscode.window.showInformationMessage('Threadline: select a record first.');
      return undefined;
    }
    const record = await s.host.session.record(id);
    const text = toJson(recordJson(record, { fields: true }));
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage('$(copy) Threadline: record copied', 2000);
    return text;
  },
};
