// "Open With… → Threadline": a read-only custom editor for log files. It reads the file into the session and
// shows a short summary with the Threadline view beside it; the data itself lives in the tree and timeline.
// Opt-in as the default through `threadline.openLogsByDefault`, which writes `workbench.editorAssociations`.

import * as vscode from 'vscode';
import type { SessionHost } from '../sessionHost';
import type { ConfigStore } from '../config';

export const LOG_EDITOR_VIEW_TYPE = 'threadline.logEditor';
const DEFAULT_PATTERNS = ['*.log', '*.jsonl', '*.ndjson', '*.log.gz'];

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PAGE_STYLE =
  'body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:2em}' +
  'h1{font-size:1.3em;font-weight:600}';

export class LogEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly host: SessionHost) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(doc: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = { enableScripts: false, localResourceRoots: [] };
    const name = doc.uri.path.split('/').pop() ?? doc.uri.path;
    panel.webview.html = this.html(panel.webview, name, 'Reading…');
    await vscode.commands.executeCommand('workbench.view.extension.threadline', { preserveFocus: true });
    const known = this.host.session.sources().find((s) => s.name === doc.uri.fsPath);
    const summary = known ?? (await this.host.openFiles([doc.uri]))[0];
    const text = summary
      ? `${summary.records.toLocaleString('en-US')} records, ${summary.spans.toLocaleString('en-US')} spans, ` +
        `${summary.badLines.length.toLocaleString('en-US')} unreadable lines. Browse them in the Threadline ` +
        `view.`
      : 'The file could not be read; see the notification for the reason.';
    panel.webview.html = this.html(panel.webview, name, text);
  }

  private html(webview: vscode.Webview, name: string, text: string): string {
    const n = nonce();
    return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource} 'nonce-${n}';">
<style nonce="${n}">${PAGE_STYLE}</style>
</head><body><h1>${escapeHtml(name)} in Threadline</h1><p>${escapeHtml(text)}</p></body></html>`;
  }
}

/** Adds or removes our associations in the user's `workbench.editorAssociations`, leaving others alone. */
export async function applyDefaultEditorSetting(enabled: boolean): Promise<void> {
  const workbench = vscode.workspace.getConfiguration('workbench');
  const current = { ...(workbench.get<Record<string, string>>('editorAssociations') ?? {}) };
  let changed = false;
  for (const pattern of DEFAULT_PATTERNS) {
    if (enabled && current[pattern] !== LOG_EDITOR_VIEW_TYPE) {
      current[pattern] = LOG_EDITOR_VIEW_TYPE;
      changed = true;
    } else if (!enabled && current[pattern] === LOG_EDITOR_VIEW_TYPE) {
      delete current[pattern];
      changed = true;
    }
  }
  if (changed) await workbench.update('editorAssociations', current, vscode.ConfigurationTarget.Global);
}

export function registerLogEditor(context: vscode.ExtensionContext, host: SessionHost, config: ConfigStore): void {
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(LOG_EDITOR_VIEW_TYPE, new LogEditorProvider(host), {
      supportsMultipleEditorsPerDocument: true,
    }),
    config.onDidChange(({ previous, current }) => {
      if (previous.openLogsByDefault !== current.openLogsByDefault)
        void applyDefaultEditorSetting(current.openLogsByDefault);
    }),
  );
}
