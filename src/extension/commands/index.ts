// Registers every command of the extension (those in CommandId) with the shared services.

import * as vscode from 'vscode';
import type { Services } from '../services';
import type { ThreadlineCommand } from './command';
import { clearCommand } from './clear';
import { copyRecordCommand } from './copyRecord';
import { exportGroupCommand } from './exportGroup';
import { clearFilterCommand, filterCommand } from './filter';
import { goToSourceCommand } from './goToSource';
import { groupByCommand } from './groupBy';
import { openCommand } from './open';
import { openActiveCommand } from './openActive';
import { openFileCommand } from './openFile';
import { refreshCommand } from './refresh';
import { searchCommand } from './search';
import { showMoreCommand } from './showMore';
import { showRecordCommand } from './showRecord';
import { showRecordsAtLineCommand } from './showRecordsAtLine';
import { toggleInlineHintsCommand } from './toggleInlineHints';
import { sortGroupsCommand } from './sortGroups';

export const allCommands: readonly ThreadlineCommand[] = [
  openCommand,
  openFileCommand,
  openActiveCommand,
  groupByCommand,
  filterCommand,
  clearFilterCommand,
  searchCommand,
  goToSourceCommand,
  copyRecordCommand,
  exportGroupCommand,
  clearCommand,
  refreshCommand,
  showRecordCommand,
  showMoreCommand,
  showRecordsAtLineCommand,
  toggleInlineHintsCommand,
  sortGroupsCommand,
];

export function registerAllCommands(context: vscode.ExtensionContext, services: Services): void {
  for (const c of allCommands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(c.id, async (...args: unknown[]) => {
        try {
          return await c.run(services, ...args);
        } catch (err) {
          void vscode.window.showErrorMessage(`Threadline: ${err instanceof Error ? err.message : String(err)}`);
          throw err;
        }
      }),
    );
  }
}
