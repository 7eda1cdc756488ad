// Every command id of the extension, once. package.json's `contributes.commands` declares the same ids
// (a test checks both lists agree). Commands owned by other parts (timeline, live sources) are declared
// there too but registered by those parts.

export enum CommandId {
  Open = 'threadline.open',
  OpenFile = 'threadline.openFile',
  OpenActive = 'threadline.openActive',
  GroupBy = 'threadline.groupBy',
  Filter = 'threadline.filter',
  ClearFilter = 'threadline.clearFilter',
  Search = 'threadline.search',
  GoToSource = 'threadline.goToSource',
  CopyRecord = 'threadline.copyRecord',
  ExportGroup = 'threadline.exportGroup',
  Clear = 'threadline.clear',
  Refresh = 'threadline.refresh',
  ShowRecord = 'threadline.showRecord',
  ShowMore = 'threadline.showMore',
  ShowRecordsAtLine = 'threadline.showRecordsAtLine',
  ToggleInlineHints = 'threadline.toggleInlineHints',
  SortGroups = 'threadline.sortGroups',
}

/** Declared by this extension's manifest, registered by the timeline (issue 5) and live sources (issue 6). */
export enum ForeignCommandId {
  ShowTimeline = 'threadline.showTimeline',
  ShowLogs = 'threadline.showLogs',
  ShowTraces = 'threadline.showTraces',
  Follow = 'threadline.follow',
  FollowCommand = 'threadline.followCommand',
  StartReceiver = 'threadline.startReceiver',
  StopReceiver = 'threadline.stopReceiver',
  StopSource = 'threadline.stopSource',
  RestartSource = 'threadline.restartSource',
  PauseSource = 'threadline.pauseSource',
  ResumeSource = 'threadline.resumeSource',
  ConnectZipkin = 'threadline.connectZipkin',
  DisconnectZipkin = 'threadline.disconnectZipkin',
  SearchZipkin = 'threadline.searchZipkin',
  OpenZipkinTrace = 'threadline.openZipkinTrace',
  FindTraceInZipkin = 'threadline.findTraceInZipkin',
}
