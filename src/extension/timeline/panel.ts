// One timeline webview panel: builds its HTML, answers the webview's requests from the feed, and turns its
// notifications into calls on the rest of the extension. All traffic is typed by src/shared/protocol.ts.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import {
  TIMELINE_VIEW_TYPE,
  assertNever,
  isWebviewMessage,
  type HostMessage,
  type RevealTarget,
  type TimelineResponse,
  type WebviewMessage,
} from '../../shared/protocol';
import { timelineHtml } from './html';
import { makeNonce } from '../webviewHtml';
import type { TimelineFeed } from './feed';
import { answerRequest } from './answer';

export interface TimelineLinks {
  goToSource(recordId: number): Promise<void>;
  revealInTree(groupId: string, spanId?: string, recordId?: number): void;
  /** Opens the Logs view on a group (its timeline key) or one span of it; `label` names the scope. */
  showLogs(groupId: string, scope: { spanId?: string; recordId?: number; label?: string }): void;
  /** Opens frame `line` of a record's stack trace. */
  openFrame(recordId: number, line: number): Promise<void>;
}

export class TimelinePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private pending: HostMessage[] = [];
  /** Groups the webview has opened: what `reveal` may target without replacing the view. */
  readonly openGroups = new Set<string>();

  static create(
    extensionUri: vscode.Uri,
    feed: TimelineFeed,
    links: TimelineLinks,
    onDispose: () => void,
  ): TimelinePanel {
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      'Threadline Timeline',
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: resourceRoots(extensionUri),
      },
    );
    return new TimelinePanel(panel, extensionUri, feed, links, onDispose);
  }

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly feed: TimelineFeed,
    private readonly links: TimelineLinks,
    onDispose: () => void,
  ) {
    // A restored panel comes with the options of its last life; narrow them again.
    panel.webview.options = { enableScripts: true, localResourceRoots: resourceRoots(extensionUri) };
    panel.iconPath = {
      light: vscode.Uri.joinPath(extensionUri, 'media', 'timeline-light.svg'),
      dark: vscode.Uri.joinPath(extensionUri, 'media', 'timeline-dark.svg'),
    };
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const w = panel.webview;
    panel.webview.html = timelineHtml({
      cspSource: w.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      codiconUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'codicon.css')).toString(),
    });
    this.disposables.push(
      w.onDidReceiveMessage((m: unknown) => {
        if (isWebviewMessage(m)) void this.onMessage(m);
      }),
      panel.onDidDispose(() => {
        this.dispose();
        onDispose();
      }),
    );
  }

  show(groupIds: string[], reveal: RevealTarget | null): void {
    this.post({ type: 'show', groupIds, reveal });
    this.panel.reveal(undefined, false);
  }

  reveal(target: RevealTarget): void {
    this.post({ type: 'reveal', target });
  }

  invalidate(groupIds: string[]): void {
    if (groupIds.length) this.post({ type: 'invalidate', groupIds });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private post(m: HostMessage): void {
    // Until the script listens, messages would be dropped: hold them.
    if (!this.ready) {
      this.pending.push(m);
      return;
    }
    void this.panel.webview.postMessage(m);
  }

  private async onMessage(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready': {
        this.ready = true;
        for (const p of this.pending.splice(0)) void this.panel.webview.postMessage(p);
        return;
      }
      case 'select': {
        const spanId =
          m.spanIndex === null ? undefined : ((await this.feed.spanIdAt(m.groupId, m.spanIndex)) ?? undefined);
        this.links.revealInTree(m.groupId, spanId, m.recordId ?? undefined);
        return;
      }
      case 'goToSource':
        await this.links.goToSource(m.recordId);
        return;
      case 'showLogs': {
        // the row of records outside every span is no span: it shows the group's logs
        const span = m.spanIndex === null ? null : await this.feed.spanAt(m.groupId, m.spanIndex);
        this.links.showLogs(m.groupId, {
          ...(span ? { spanId: span.spanId, label: span.name || span.spanId } : {}),
          ...(m.recordId !== null ? { recordId: m.recordId } : {}),
        });
        return;
      }
      case 'openFrame':
        await this.links.openFrame(m.recordId, m.line);
        return;
      case 'copyRecord':
        await vscode.commands.executeCommand('threadline.copyRecord', m.recordId);
        return;
      case 'recordView':
      case 'openGroup':
      case 'spanChunk':
      case 'markerChunk':
      case 'spanDetail':
      case 'records':
      case 'criticalPath':
      case 'searchRecords':
      case 'markerRecord': {
        let answer: TimelineResponse;
        try {
          answer = await answerRequest(this.feed, m);
          if (m.type === 'openGroup') this.openGroups.add(m.groupId);
        } catch (e) {
          answer = { type: 'error', requestId: m.requestId, message: e instanceof Error ? e.message : String(e) };
        }
        void this.panel.webview.postMessage(answer);
        return;
      }
      default:
        assertNever(m);
    }
  }
}

/** The webview may load only the extension's media/ and build output. */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')];
}
