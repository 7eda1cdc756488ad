// Entry point of the timeline for the rest of the extension: registers `threadline.showTimeline`, the panel
// serializer (so a panel survives a window reload), and returns what the tree needs to drive the panel.

import * as vscode from 'vscode';
import { PRIMARY_GROUPING, groupRefFromKey, groupRefKey, type GroupRef, type SessionApi } from '../../core/session/api';
import { TIMELINE_VIEW_TYPE, type RevealTarget } from '../../shared/protocol';
import { TimelineFeed } from './feed';
import { TimelinePanel, type TimelineLinks } from './panel';

export interface TimelineDeps extends TimelineLinks {
  session: SessionApi;
  /** A group id of the Groups tree as a reference (the tree's current grouping). */
  refOf(groupId: string): GroupRef;
}

export interface TimelineController {
  /** Open (or focus) the timeline on one group; `add` stacks it under the groups already shown. */
  show(groupId: string, opts?: { spanId?: string; add?: boolean }): void;
  /** Select a span or record in the timeline, if the panel shows its group. */
  reveal(groupId: string, spanId?: string, recordId?: number): void;
}

export const SHOW_TIMELINE_COMMAND = 'threadline.showTimeline';

/** A command argument: a group key (`groupRefKey`), a tree group id, or a tree item that carries one. */
function groupIdOf(arg: unknown): string | null {
  if (typeof arg === 'string' && arg) return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { groupId?: unknown }).groupId === 'string')
    return (arg as { groupId: string }).groupId;
  return null;
}

export function registerTimeline(context: vscode.ExtensionContext, deps: TimelineDeps): TimelineController {
  const feed = new TimelineFeed(deps.session);
  // The panel names groups by reference key, so what it shows keeps its meaning when the tree regroups.
  const keyOf = (groupId: string): string => (groupRefFromKey(groupId) ? groupId : groupRefKey(deps.refOf(groupId)));
  let current: TimelinePanel | null = null;
  let shown: string[] = [];

  const adopt = (p: TimelinePanel) => {
    current?.dispose();
    current = p;
  };
  const panel = (): TimelinePanel => {
    if (!current) {
      const p: TimelinePanel = TimelinePanel.create(context.extensionUri, feed, deps, () => {
        if (current === p) {
          current = null;
          shown = [];
        }
      });
      adopt(p);
    }
    return current!;
  };

  const target = async (groupId: string, spanId?: string, recordId?: number): Promise<RevealTarget> => ({
    groupId,
    spanIndex: spanId === undefined ? null : await feed.spanIndex(groupId, spanId),
    markerIndex: recordId === undefined ? null : await feed.markerIndex(groupId, recordId),
  });

  const controller: TimelineController = {
    show(treeGroupId, opts) {
      const groupId = keyOf(treeGroupId);
      shown = opts?.add ? [...shown.filter((g) => g !== groupId), groupId] : [groupId];
      const p = panel(),
        groups = shown;
      if (!opts?.spanId) {
        p.show(groups, null);
        return;
      }
      target(groupId, opts.spanId).then(
        (t) => p.show(groups, t),
        () => p.show(groups, null),
      );
    },
    reveal(treeGroupId, spanId, recordId) {
      const groupId = keyOf(treeGroupId);
      const p = current;
      if (!p || !p.openGroups.has(groupId)) return;
      void target(groupId, spanId, recordId).then((t) => p.reveal(t));
    },
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_TIMELINE_COMMAND, async (arg?: unknown, selection?: unknown[]) => {
      const picked = (Array.isArray(selection) && selection.length > 1 ? selection : [arg])
        .map(groupIdOf)
        .filter((g): g is string => g !== null);
      if (picked.length === 0) {
        const groups = deps.session.groupsPage({ by: PRIMARY_GROUPING }, { limit: 5000 }).items;
        if (groups.length === 0) {
          void vscode.window.showInformationMessage('Threadline: no traces yet. Open a log or trace file first.');
          return;
        }
        // `$(` would start a codicon in a Quick Pick label: log text must stay text.
        const safe = (s: string) => s.replace(/\$\(/g, '$\u200b(');
        const pick = await vscode.window.showQuickPick(
          groups.map((g) => ({
            label: safe(g.root ?? g.key),
            description: safe(g.key),
            detail: `${g.spans} spans, ${g.records} records, ${g.errors} errors`,
            id: groupRefKey({ by: PRIMARY_GROUPING, id: g.id }),
          })),
          { title: 'Show Timeline', placeHolder: 'Trace to show', matchOnDescription: true },
        );
        if (pick) controller.show(pick.id);
        return;
      }
      picked.forEach((g, i) => controller.show(g, { add: i > 0 }));
    }),
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, _state: unknown) {
        // The webview restores its own view from getState(); the host only has to answer it again.
        const p: TimelinePanel = new TimelinePanel(webviewPanel, context.extensionUri, feed, deps, () => {
          if (current === p) current = null;
        });
        adopt(p);
      },
    }),
    {
      dispose: deps.session.onDidChange(() => {
        if (!current) return;
        // Live sources change the session often: reload only the shown groups that actually grew.
        const stale = [...current.openGroups].filter((g) => feed.isStale(g));
        feed.invalidate(stale);
        current.invalidate(stale);
      }),
    },
    { dispose: () => current?.dispose() },
  );
  return controller;
}
