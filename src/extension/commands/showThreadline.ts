import * as vscode from 'vscode';

/** Brings the Threadline side bar into view (without stealing focus from the editor). */
export async function showThreadline(): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.threadline', { preserveFocus: true });
}
