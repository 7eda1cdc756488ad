// Wires Threadline into VS Code: one session per window, the views over it, the commands, the editor hints,
// the timeline and live sources. Behaviour lives in the modules; this file only connects them.

import * as vscode from 'vscode';
import { UNGROUPED_GROUP_ID, type RecordSummary } from '../core/session/api';
import { createSession } from '../core/session/session';
import { patternIdOf } from '../core/patterns/mask';
import { registerAllCommands } from './commands';
import { ConfigStore } from './config';
import { RecordDocuments } from './detail/recordDocuments';
import { stackFrameLocation } from './detail/recordView';
import { applyDefaultEditorSetting, registerLogEditor } from './editor/logEditor';
import { SourceHints } from './hints/sourceHints';
import { SourceNavigator } from './navigation/sourceNavigator';
import { WorkspaceFiles } from './navigation/workspaceFiles';
import type { Services, TimelineHandle } from './services';
import { SessionHost } from './sessionHost';
import { StatusBar } from './status/statusBar';
import { registerLiveSources, liveRegistry, liveRowNote } from './live';
import { registerLogs } from './logs';
import { registerTraces } from './traces';
import { registerTimeline } from './timeline';
import { timelineRef } from './timeline/feed';
import { openOnStartup } from './openOnStartup';
import { GroupsTreeProvider } from './tree/groupsTree';
import type { TreeNode } from './tree/nodes';
import { SourcesTreeProvider } from './tree/sourcesTree';
import { ZipkinController } from './remote/zipkinController';
import { registerZipkinCommands } from './remote/zipkinCommands';
import { ZipkinTreeSection } from './remote/zipkinTree';
import { registerPatternsView } from './patterns/patternsTree';
import { registerLanguageModelTools } from './agent/lmTools';

/** What activate() returns: the services, for the extension-host tests (and other extensions, read-only). */
export type ThreadlineApi = Services;

export function activate(context: vscode.ExtensionContext): ThreadlineApi {
  const config = new ConfigStore();
  const session = createSession({
    maxRecords: config.current.maxRecords,
    fieldMappings: config.current.fieldMappings,
    patternIdOf,
    // the extension host's thread is every extension's: index workers do the reading
    keepThreadFree: true,
  });
  const host = new SessionHost(session, config);
  const groupsTree = new GroupsTreeProvider(host, config);
  const groupsView = vscode.window.createTreeView<TreeNode>('threadline.groups', {
    treeDataProvider: groupsTree,
    showCollapseAll: true,
  });
  const zipkin = new ZipkinController(context.secrets, host);
  context.subscriptions.push(zipkin);
  const sourcesTree = new SourcesTreeProvider(
    host,
    (name) => liveRegistry()?.byStreamName(name)?.state,
    liveRowNote,
    new ZipkinTreeSection(zipkin),
  );
  const sourcesView = vscode.window.createTreeView('threadline.sources', { treeDataProvider: sourcesTree });
  const files = new WorkspaceFiles(config);
  const navigator = new SourceNavigator(host, files, config);
  const recordDocuments = new RecordDocuments(host);
  const hints = new SourceHints(host, navigator, config);
  const statusBar = new StatusBar(host);
  context.subscriptions.push(
    config,
    host,
    groupsTree,
    groupsView,
    sourcesTree,
    sourcesView,
    files,
    navigator,
    recordDocuments,
    hints,
    statusBar,
  );
  context.subscriptions.push({ dispose: () => session.dispose() });

  const services: Services = {
    context,
    config,
    host,
    groupsTree,
    groupsView,
    sourcesTree,
    navigator,
    recordDocuments,
    hints,
    timeline: null,
    live: liveRegistry,
    zipkin,
    revealInTree: (groupId, spanId, recordId) => revealInTree(services, groupId, spanId, recordId),
    groupIdOfRecord: (record) => groupIdOfRecord(services, record),
  };

  registerAllCommands(context, services);
  registerLogEditor(context, host, config);

  services.timeline = registerTimeline(context, {
    session,
    goToSource: async (recordId) => {
      await navigator.goToRecordSource(recordId);
    },
    revealInTree: (groupKey, spanId, recordId) =>
      void revealInTree(services, timelineRef(groupKey).id, spanId, recordId),
    showLogs: (groupKey, { spanId, recordId, label }) =>
      void services.logs?.show(
        {
          group: timelineRef(groupKey),
          ...(spanId ? { span: spanId } : {}),
          ...(recordId !== undefined ? { record: recordId } : {}),
        },
        label,
      ),
    openFrame: async (recordId, line) => {
      const at = stackFrameLocation(await session.record(recordId), line);
      if (at) await navigator.goToLocation(at);
    },
    refOf: (groupId) => host.ref(groupId),
  }) satisfies TimelineHandle;

  services.logs = registerLogs(context, services);
  services.traces = registerTraces(context, services);

  // follow / followCommand / startReceiver / stopReceiver / stopSource / restartSource (declared in package.json)
  context.subscriptions.push(registerLiveSources(context, { session, refresh: () => host.refresh() }));

  // Connect to Zipkin… / Search / Open Trace by ID… / Find Trace in Zipkin (declared in package.json)
  context.subscriptions.push(registerZipkinCommands(zipkin, () => services));

  // the Patterns view, and the language-model tools over the window's session
  registerPatternsView(context, host);
  registerLanguageModelTools(context, host, navigator);

  // keep the tree's selection and the timeline in step
  context.subscriptions.push(
    groupsView.onDidChangeSelection((e) => {
      const node = e.selection[0];
      if (!node || node.type === 'more') return;
      services.timeline?.reveal(
        node.groupId,
        node.type === 'group' ? undefined : (node.spanId ?? undefined),
        node.type === 'record' ? node.recordId : undefined,
      );
      if (node.type === 'record') services.logs?.reveal(node.recordId);
    }),
  );

  // the record cap applies at once; field mappings shape the index, so a new one needs a new window
  context.subscriptions.push(
    config.onDidChange(({ previous, current }) => {
      if (previous.maxRecords !== current.maxRecords) {
        session.setMaxRecords(current.maxRecords);
        host.refresh();
      }
      if (JSON.stringify(previous.fieldMappings) === JSON.stringify(current.fieldMappings)) return;
      void vscode.window
        .showInformationMessage('Threadline: field mappings apply after a window reload.', 'Reload Window')
        .then((choice) => {
          if (choice === 'Reload Window') void vscode.commands.executeCommand('workbench.action.reloadWindow');
        });
    }),
  );

  if (config.current.openLogsByDefault) void applyDefaultEditorSetting(true);
  void openOnStartup(host, config.current.openOnStartup);
  return services;
}

async function revealInTree(
  s: Services,
  groupId: string,
  spanId?: string | null,
  recordId?: number | null,
): Promise<boolean> {
  const kind = groupId.slice(0, groupId.indexOf(':'));
  // a group of another kind may still belong to this grouping (trace grouping falls back to correlation and
  // thread): regroup only when the current grouping does not list it
  if (
    groupId !== UNGROUPED_GROUP_ID &&
    kind !== s.host.groupingKind() &&
    (kind === 'trace' || kind === 'correlation' || kind === 'thread') &&
    !s.groupsTree.listsGroup(groupId)
  ) {
    s.host.setGrouping({ kind });
  }
  const node = s.groupsTree.locate(groupId, spanId, recordId);
  if (!node) return false;
  if (s.groupsTree.pagesOpened || s.groupsTree.refreshPending) {
    s.groupsTree.refreshNow();
    // let the view take in the new pages before asking it to select in them
    await new Promise((r) => setTimeout(r, 100));
  }
  // reveal() needs a visible view to select in
  if (!s.groupsView.visible)
    await vscode.commands.executeCommand('workbench.view.extension.threadline', { preserveFocus: true });
  // a redraw that lands while the view resolves the path drops the selection: check, and ask again
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await s.groupsView.reveal(node, { select: true, focus: false, expand: node.type !== 'record' });
    } catch {
      await vscode.commands.executeCommand('workbench.view.extension.threadline', { preserveFocus: true });
      continue;
    }
    for (let waited = 0; waited < 1000; waited += 50) {
      if (s.groupsView.selection.some((n) => n.id === node.id)) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return s.groupsView.selection.some((n) => n.id === node.id);
}

async function groupIdOfRecord(s: Services, r: RecordSummary): Promise<string | null> {
  const by = s.host.grouping;
  // the session decides where a record sits: under trace grouping one without a trace ID falls back to its
  // correlation ID or thread, and a field grouping spells its own ids
  let id = s.host.session.groupOf(r.id, by)?.id ?? null;
  for (
    let waited = 0;
    id === null && 'field' in by && waited < 2000 && s.host.session.groupsPending(by) > 0;
    waited += 50
  ) {
    // a field grouping parses records in the background: the record may not be placed yet
    await new Promise((res) => setTimeout(res, 50));
    id = s.host.session.groupOf(r.id, by)?.id ?? null;
  }
  return id !== null && s.groupsTree.listsGroup(id) ? id : null;
}

export function deactivate(): void {
  // subscriptions dispose the session and views
}
