// threadline.toggleInlineHints: flip the threadline.inlineHints setting (user scope).

import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import type { ThreadlineCommand } from './command';

export const toggleInlineHintsCommand: ThreadlineCommand = {
  id: CommandId.ToggleInlineHints,
  async run(s) {
    const next = !s.config.current.inlineHints;
    await vscode.workspace
      .getConfiguration('threadline')
      .update('inlineHints', next, vscode.ConfigurationTarget.Global);
    return next;
  },
};
