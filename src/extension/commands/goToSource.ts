// threadline.goToSource: open the file and line that wrote the selected record (or the given one).

import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';
import { recordIdOf } from './targets';

export const goToSourceCommand: ThreadlineCommand = {
  id: CommandId.GoToSource,
  async run(s, arg?: unknown, pick?: unknown) {
    const id = recordIdOf(s, arg);
    if (id === null) {
      void vscode.window.showInformationMessage('Threadline: select a record first.');
      return undefined;
    }
    return s.navigator.goToRecordSource(id, pick === 'first' ? 'first' : 'ask');
  },
};
