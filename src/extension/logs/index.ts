// Entry point of the Logs view for the rest of the extension: the view provider, `threadline.showLogs`, and the
// links from the page to the tree, the timeline, the clipboard and the source files.

import * as vscode from 'vscode';
import type { GroupBy, GroupRef, SessionApi } from '../../core/session/api';
import { LOGS_VIEW_ID, type LogsScope } from '../../shared/protocol';
import { stackFrameLocation } from '../detail/recordView';
import type { Services } from '../services';
import type { TreeNode } from '../tree/nodes';
import { LogsFeed } from './feed';
import { LogsViewProvider } from './view';

export const SHOW_LOGS_COMMAND = 'threadline.showLogs';

/** `threadline.showLogs`'s scripting argument. `group` is a GroupRef or a group id of the Groups view's grouping. */
export interface ShowLogsArgs {
  query?: string;
  group?: GroupRef | string;
  /** A span of `group` (its span ID). */
  span?: string;
  /** Select this record once shown. */
  record?: number;
}

export interface LogsHandle {
  provider: LogsViewProvider;
  /** Shows the view and applies what is given; resolves once the page has it. */
  show(args?: ShowLogsArgs, label?: string): Promise<void>;
  /** Selects a record in the view if it is open (from the tree or the timeline). */
  reveal(recordId: number): void;
}

type Session = SessionApi;

export function registerLogs(context: vscode.ExtensionContext, s: Services): LogsHandle {
  const session: Session = s.host.session;
  const feed = new LogsFeed(session);
  const provider = new LogsViewProvider(context.extensionUri, feed, {
    select: (id) => void selectElsewhere(s, session, id),
    goToSource: async (id) => {
      await s.navigator.goToRecordSource(id);
    },
    openFrame: async (id, line) => {
      const at = stackFrameLocation(await session.record(id), line);
      if (at) await s.navigator.goToLocation(at);
    },
    copy: async (id) => {
      await vscode.commands.executeCommand('threadline.copyRecord', id);
    },
    openTimeline: async (id) => {
      const summary = session.recordSummaries([id])[0];
      const ref = session.groupOf(id, { kind: 'trace' });
      if (!ref || !s.timeline) return;
      s.timeline.show(ref.id, summary?.spanId ? { spanId: summary.spanId } : undefined);
    },
  });

  const scopeOf = (by: GroupBy, groupId: string, spanId: string | undefined, label: string | null): LogsScope => {
    const group: GroupRef = { by, id: groupId };
    const summary = label ?? session.group(group)?.root ?? groupId;
    return { group, ...(spanId !== undefined ? { spanId } : {}), label: summary };
  };

  const handle: LogsHandle = {
    provider,
    async show(args, label) {
      await vscode.commands.executeCommand(`${LOGS_VIEW_ID}.focus`);
      await provider.whenReady();
      if (!args) return;
      let scope: LogsScope | undefined;
      if (args.group !== undefined) {
        const ref = typeof args.group === 'string' ? { by: s.host.grouping, id: args.group } : args.group;
        scope = scopeOf(ref.by, ref.id, args.span, label ?? null);
      }
      provider.post({
        type: 'logsShow',
        ...(args.query !== undefined ? { filter: args.query } : {}),
        ...(scope !== undefined ? { scope } : {}),
        ...(args.record !== undefined ? { reveal: args.record } : {}),
      });
    },
    reveal(recordId) {
      // held until the page listens when it is not open yet
      provider.post({ type: 'logsReveal', id: recordId });
    },
  };

  context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(LOGS_VIEW_ID, provider, {
      webviewOptions: { retainContextWhenHidden: true },
    }),
    vscode.commands.registerCommand(SHOW_LOGS_COMMAND, async (arg?: unknown) => {
      if (isTreeNode(arg)) {
        if (arg.type === 'more') return handle.show();
        const label =
          arg.type === 'group'
            ? (arg.group.root ?? arg.group.key)
            : arg.type === 'span'
              ? arg.node.span.name
              : undefined;
        const spanId = arg.type === 'span' ? arg.spanId : undefined;
        await handle.show(
          {
            group: arg.groupId,
            ...(spanId !== undefined ? { span: spanId } : {}),
            ...(arg.type === 'record' ? { record: arg.recordId } : {}),
          },
          label,
        );
        return;
      }
      const args =
        typeof arg === 'object' && arg !== null
          ? (arg as ShowLogsArgs)
          : typeof arg === 'string'
            ? { query: arg }
            : undefined;
      await handle.show(args);
    }),
    s.host.onDidChange(() => provider.changed()),
  );
  return handle;
}

function isTreeNode(x: unknown): x is TreeNode {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { type?: unknown }).type === 'string' &&
    typeof (x as { id?: unknown }).id === 'string' &&
    typeof (x as { groupId?: unknown }).groupId === 'string'
  );
}

/** A row selected in the Logs view: select the record in the Groups tree (and through it, on the timeline). */
async function selectElsewhere(s: Services, session: Session, id: number): Promise<void> {
  const summary = session.recordSummaries([id])[0];
  if (!summary) return;
  const groupId = await s.groupIdOfRecord(summary);
  if (groupId === null) return;
  s.timeline?.reveal(groupId, summary.spanId ?? undefined, id);
  await s.revealInTree(groupId, summary.spanId, id);
}
