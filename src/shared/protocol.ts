// The one message protocol between the extension host and the timeline webview, imported by both sides.
//
// Shape: one interface per message, one union per direction, and requests answered by exactly one response
// carrying the same `requestId`. The webview pulls what it shows (group summary, then span and marker chunks,
// then details on demand); bulk data travels as typed arrays in chunks, strings in separate tables, so no
// message is one giant JSON document.
//
// Times: the model keeps epoch-ns bigints. Here every time is a double of nanoseconds relative to the group's
// `baseNs` (a decimal string), exact below 2^53 ns ≈ 104 days of trace — far beyond any one trace.

export const TIMELINE_VIEW_TYPE = 'threadline.timeline';

/** Per-span bit flags (`SpanChunk.flags`). */
export const SpanFlag = {
  error: 1,
  /** A parent referenced by children but never reported. */
  placeholder: 2,
  /** Built from log records, not reported by a tracer. */
  derived: 4,
  /** Not a span at all: the row that holds records that name no span of this group. */
  unattached: 8,
} as const;

/** What the header and the stacking need to know about one group before any span arrives. */
export interface GroupMeta {
  groupId: string;
  /** Short label for the group's header row (root span name, or the group key). */
  label: string;
  /** Epoch ns (decimal string) that every relative time of this group counts from. */
  baseNs: string;
  /** Relative end of the latest span or record. */
  durationNs: number;
  spanCount: number;
  markerCount: number;
  /** Spans with error status plus records at level error or fatal. */
  errorCount: number;
  /** Service names; `SpanChunk.service` indexes into this (0xffff: none). */
  services: string[];
  /** Chunk sizes the host prefers; the webview may ask for less. */
  spanChunkSize: number;
  markerChunkSize: number;
}

export const NO_SERVICE = 0xffff;

/**
 * Spans [offset, offset+count) of a group, in pre-order (parent before children, siblings by start time):
 * the webview relies on that order to derive visible rows and subtree ends in one pass.
 */
export interface SpanChunkData extends SpanColumns {
  offset: number;
  count: number;
  /** Strings appended to the group's string table by this chunk, starting at table index `stringsFrom`. */
  stringsFrom: number;
  strings: string[];
}

/** One entry per span, in the group's pre-order; a chunk carries a slice of them. */
export interface SpanColumns {
  start: Float64Array;
  duration: Float64Array;
  depth: Uint16Array;
  /** Index of the parent span in the group, -1 for a root. */
  parent: Int32Array;
  service: Uint16Array;
  flags: Uint8Array;
  /** Index into the group's string table. */
  name: Uint32Array;
  /** First marker of this span in the group's marker order, and how many it has. */
  markerStart: Uint32Array;
  markerCount: Uint32Array;
}

/** Markers [offset, offset+count), ordered by (span index, time): each span's markers are one sorted run. */
export interface MarkerChunkData {
  offset: number;
  count: number;
  time: Float64Array;
  /** model.levelCode: 0 none, 1 trace … 6 fatal. */
  level: Uint8Array;
  span: Uint32Array;
  /** Session RecordId of each marker. */
  record: Float64Array;
}

export type AttributeList = [key: string, value: string][];

export interface SpanDetail {
  spanIndex: number;
  name: string;
  service: string | null;
  kind: string | null;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  status: 'unset' | 'ok' | 'error';
  statusMessage: string | null;
  origin: 'reported' | 'placeholder' | 'derived' | 'unattached';
  format: string;
  startNs: string;
  durationNs: number;
  attributes: AttributeList;
  events: { timeNs: number; name: string; attributes: AttributeList }[];
  links: { traceId: string; spanId: string; attributes: AttributeList }[];
}

export interface RecordRow {
  id: number;
  /** Relative to the group's base; null when the record has no time. */
  timeNs: number | null;
  level: number;
  message: string;
  /** "file:line" as the log gave it, or null. */
  source: string | null;
}

/** Critical path as segments: span `span[i]` is on the path during [start[i], end[i]). */
export interface CriticalPathData {
  span: Int32Array;
  start: Float64Array;
  end: Float64Array;
}

// ── webview → host: requests ────────────────────────────────────────────────────────────────────────────

export interface OpenGroupRequest {
  type: 'openGroup';
  requestId: number;
  groupId: string;
}
export interface SpanChunkRequest {
  type: 'spanChunk';
  requestId: number;
  groupId: string;
  offset: number;
  limit: number;
}
export interface MarkerChunkRequest {
  type: 'markerChunk';
  requestId: number;
  groupId: string;
  offset: number;
  limit: number;
}
export interface SpanDetailRequest {
  type: 'spanDetail';
  requestId: number;
  groupId: string;
  spanIndex: number;
}
export interface RecordsRequest {
  type: 'records';
  requestId: number;
  groupId: string;
  spanIndex: number;
  offset: number;
  limit: number;
}
export interface CriticalPathRequest {
  type: 'criticalPath';
  requestId: number;
  groupId: string;
}
export interface SearchRecordsRequest {
  type: 'searchRecords';
  requestId: number;
  groupId: string;
  query: string;
  limit: number;
}
/** The record behind one marker (for the hover). */
export interface MarkerRecordRequest {
  type: 'markerRecord';
  requestId: number;
  groupId: string;
  markerIndex: number;
}

/** One record in full, for the detail pane (the same view as the Logs view's expanded row). */
export interface RecordViewRequest {
  type: 'recordView';
  requestId: number;
  recordId: number;
}

export type TimelineRequest =
  | RecordViewRequest
  | OpenGroupRequest
  | SpanChunkRequest
  | MarkerChunkRequest
  | SpanDetailRequest
  | RecordsRequest
  | CriticalPathRequest
  | SearchRecordsRequest
  | MarkerRecordRequest;

// ── webview → host: notifications ───────────────────────────────────────────────────────────────────────

/** The webview's script runs and listens; the host may now send `show`. */
export interface ReadyMessage {
  type: 'ready';
}
/** The user selected something in the timeline; the host reveals it in the tree. */
export interface SelectMessage {
  type: 'select';
  groupId: string;
  spanIndex: number | null;
  recordId: number | null;
}
export interface GoToSourceMessage {
  type: 'goToSource';
  recordId: number;
}

/** Open the Logs view on a group, or on one span of it (`spanIndex`), selecting `recordId` when given. */
export interface ShowLogsMessage {
  type: 'showLogs';
  groupId: string;
  spanIndex: number | null;
  recordId: number | null;
}

/** Open the file and line of frame `line` of a record's stack trace (`RecordView.stack` index). */
export interface OpenFrameMessage {
  type: 'openFrame';
  recordId: number;
  line: number;
}
export interface CopyRecordMessage {
  type: 'copyRecord';
  recordId: number;
}

export type WebviewNotification =
  ReadyMessage | SelectMessage | GoToSourceMessage | ShowLogsMessage | OpenFrameMessage | CopyRecordMessage;
export type WebviewMessage = TimelineRequest | WebviewNotification;

// ── host → webview: responses ───────────────────────────────────────────────────────────────────────────

export interface OpenGroupResponse {
  type: 'openGroupResult';
  requestId: number;
  meta: GroupMeta;
}
export interface SpanChunkResponse {
  type: 'spanChunkResult';
  requestId: number;
  groupId: string;
  chunk: SpanChunkData;
}
export interface MarkerChunkResponse {
  type: 'markerChunkResult';
  requestId: number;
  groupId: string;
  chunk: MarkerChunkData;
}
export interface SpanDetailResponse {
  type: 'spanDetailResult';
  requestId: number;
  detail: SpanDetail;
}
export interface RecordsResponse {
  type: 'recordsResult';
  requestId: number;
  total: number;
  offset: number;
  items: RecordRow[];
}
export interface CriticalPathResponse {
  type: 'criticalPathResult';
  requestId: number;
  path: CriticalPathData;
}
export interface SearchRecordsResponse {
  type: 'searchRecordsResult';
  requestId: number;
  markers: Uint32Array;
  truncated: boolean;
}
export interface MarkerRecordResponse {
  type: 'markerRecordResult';
  requestId: number;
  record: RecordRow | null;
}
export interface RecordViewResponse {
  type: 'recordViewResult';
  requestId: number;
  /** Null when the record is gone (evicted, its source closed). */
  record: RecordView | null;
}
/** Any request can fail instead; the message is plain text for the user. */
export interface ErrorResponse {
  type: 'error';
  requestId: number;
  message: string;
}

/** Which response answers which request. */
export interface ResponseFor {
  openGroup: OpenGroupResponse;
  spanChunk: SpanChunkResponse;
  markerChunk: MarkerChunkResponse;
  spanDetail: SpanDetailResponse;
  records: RecordsResponse;
  criticalPath: CriticalPathResponse;
  searchRecords: SearchRecordsResponse;
  markerRecord: MarkerRecordResponse;
  recordView: RecordViewResponse;
}

export type TimelineResponse = ResponseFor[keyof ResponseFor] | ErrorResponse;

// ── host → webview: notifications ───────────────────────────────────────────────────────────────────────

/** Replace what the panel shows (several groups stack on one time axis), optionally revealing a span. */
export interface ShowMessage {
  type: 'show';
  groupIds: string[];
  reveal: RevealTarget | null;
}
/** Select and scroll to a span or record of a shown group (from the tree). */
export interface RevealMessage {
  type: 'reveal';
  target: RevealTarget;
}
/** These groups changed (live sources): reload them, keeping the view. */
export interface InvalidateMessage {
  type: 'invalidate';
  groupIds: string[];
}

export interface RevealTarget {
  groupId: string;
  spanIndex: number | null;
  markerIndex: number | null;
}

export type HostNotification = ShowMessage | RevealMessage | InvalidateMessage;
export type HostMessage = TimelineResponse | HostNotification;

export type RequestOf<K extends TimelineRequest['type']> = Extract<TimelineRequest, { type: K }>;
/** A request's fields as the caller writes them: the transport adds `type` and `requestId`. */
export type RequestParams<K extends TimelineRequest['type']> = Omit<RequestOf<K>, 'type' | 'requestId'>;

export function isWebviewMessage(m: unknown): m is WebviewMessage {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}

export function isHostMessage(m: unknown): m is HostMessage {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}

/** Compile-time exhaustiveness guard for switches over message unions. */
export function assertNever(x: never): never {
  throw new Error(`unexpected message ${JSON.stringify((x as { type?: unknown })?.type)}`);
}

// ══ Logs view (`threadline.logs`, a webview view in the panel) ═════════════════════════════════════════════
//
// The webview pulls pages of rows for what is on screen plus a margin and drops pages it no longer shows; every
// request carries the whole query (filter text and scope), so an answer means the same whoever asked before.
// Rows carry only what the table shows, as plain strings: never markup.

export const LOGS_VIEW_ID = 'threadline.logs';

/** A group as the core names it (`GroupRef`): the grouping and the group's id in it. */
export interface LogsGroupRef {
  by: { kind: 'trace' | 'correlation' | 'thread' } | { field: string };
  id: string;
}

/** What the Logs view is limited to besides its filter: one group, or one span of it. `label` is for the chip. */
export interface LogsScope {
  group: LogsGroupRef;
  spanId?: string;
  label: string;
}

export interface LogsQuery {
  filter: string;
  scope: LogsScope | null;
}

export interface LogRow {
  id: number;
  /** Epoch milliseconds (integral) and the nanoseconds within it; null when the record has no time. */
  timeMs: number | null;
  subMsNs: number;
  /** model.levelCode: 0 none, 1 trace … 6 fatal. */
  level: number;
  service: string | null;
  thread: string | null;
  /** The trace ID, else the correlation ID. */
  trace: string | null;
  traceKind: 'trace' | 'correlation' | null;
  /** "file:line" as the log gave it, or null. */
  source: string | null;
  /** First line of the message, at most 200 characters. */
  message: string;
}

/** An invalid filter: the message and where the mistake is (1-based column, length) in the filter text. */
export interface FilterProblem {
  message: string;
  column: number;
  length: number;
}

/** One field of a record as a tree; strings longer than the host sends are cut (`fullLength` says how long). */
export interface FieldNode {
  key: string;
  type: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  /** Scalars as text (strings unquoted). */
  value?: string;
  fullLength?: number;
  children?: FieldNode[];
  /** Children left out to keep the message small. */
  omitted?: number;
}

/** One line of an error text; `frame` when it is a stack frame the resolver can follow. */
export interface StackLine {
  text: string;
  frame: { file: string; line: number | null; function: string | null; library: boolean } | null;
}

/** A record as the Logs view's expanded row, the timeline's detail pane and the hover show it. */
export interface RecordView {
  id: number;
  /** Normalised facts in display order ("time", "level", "service", …), only those the record has. */
  facts: [label: string, value: string][];
  message: string;
  messageLength: number;
  /** The error / stack trace by lines, or null. */
  stack: StackLine[] | null;
  fields: FieldNode[];
  /** Where the record says it was logged from ("file:line"), or null. */
  source: string | null;
  /** Where it was read: file or stream and line. */
  readFrom: string;
}

// ── webview → host ──────────────────────────────────────────────────────────────────────────────────────

export interface LogsPageRequest {
  type: 'logsPage';
  requestId: number;
  query: LogsQuery;
  offset: number;
  limit: number;
}
export interface LogsHistogramRequest {
  type: 'logsHistogram';
  requestId: number;
  query: LogsQuery;
  buckets: number;
}
/** Records per level over the query (the level chips' counts). */
export interface LogsLevelsRequest {
  type: 'logsLevels';
  requestId: number;
  query: LogsQuery;
}
export interface LogsRecordRequest {
  type: 'logsRecord';
  requestId: number;
  id: number;
}
/** Where a record stands in the query's order, -1 when the query does not select it. */
export interface LogsLocateRequest {
  type: 'logsLocate';
  requestId: number;
  query: LogsQuery;
  id: number;
}
/** The filter that shows a record among its neighbours in the same thread or trace ("Show context"). */
export interface LogsContextRequest {
  type: 'logsContext';
  requestId: number;
  id: number;
  by: 'thread' | 'trace';
}

export type LogsRequest =
  | LogsPageRequest
  | LogsHistogramRequest
  | LogsLevelsRequest
  | LogsRecordRequest
  | LogsLocateRequest
  | LogsContextRequest;

export interface LogsReadyMessage {
  type: 'logsReady';
}
/** The user selected a row: the host selects the record in the tree and on the timeline. */
export interface LogsSelectMessage {
  type: 'logsSelect';
  id: number;
}
export interface LogsGoToSourceMessage {
  type: 'logsGoToSource';
  id: number;
}
/** A stack frame's link: line `line` of the record's `RecordView.stack`. */
export interface LogsOpenFrameMessage {
  type: 'logsOpenFrame';
  id: number;
  line: number;
}
export interface LogsCopyMessage {
  type: 'logsCopy';
  id: number;
}
export interface LogsOpenTimelineMessage {
  type: 'logsOpenTimeline';
  id: number;
}

export type LogsWebviewNotification =
  | LogsReadyMessage
  | LogsSelectMessage
  | LogsGoToSourceMessage
  | LogsOpenFrameMessage
  | LogsCopyMessage
  | LogsOpenTimelineMessage;
export type LogsWebviewMessage = LogsRequest | LogsWebviewNotification;

// ── host → webview ──────────────────────────────────────────────────────────────────────────────────────

export interface LogsPageResponse {
  type: 'logsPageResult';
  requestId: number;
  offset: number;
  total: number;
  /** Records the filter has not decided yet; the count grows as they are. */
  pending: number;
  rows: LogRow[];
  problem: FilterProblem | null;
}
export interface LogsHistogramResponse {
  type: 'logsHistogramResult';
  requestId: number;
  /** Epoch ms of the first bucket's start and each bucket's width (fractions allowed). */
  fromMs: number;
  bucketMs: number;
  buckets: number;
  /** `counts[bucket * 7 + levelCode]`. */
  counts: Uint32Array;
  total: number;
  untimed: number;
  pending: number;
}
export interface LogsLevelsResponse {
  type: 'logsLevelsResult';
  requestId: number;
  counts: number[];
  pending: number;
}
export interface LogsRecordResponse {
  type: 'logsRecordResult';
  requestId: number;
  record: RecordView | null;
}
export interface LogsLocateResponse {
  type: 'logsLocateResult';
  requestId: number;
  offset: number;
}
export interface LogsContextResponse {
  type: 'logsContextResult';
  requestId: number;
  filter: string | null;
}
export interface LogsErrorResponse {
  type: 'logsError';
  requestId: number;
  message: string;
}

export interface LogsResponseFor {
  logsPage: LogsPageResponse;
  logsHistogram: LogsHistogramResponse;
  logsLevels: LogsLevelsResponse;
  logsRecord: LogsRecordResponse;
  logsLocate: LogsLocateResponse;
  logsContext: LogsContextResponse;
}
export type LogsResponse = LogsResponseFor[keyof LogsResponseFor] | LogsErrorResponse;

/** Apply a query (the command's arguments, a context menu); a field left out keeps what the view has. */
export interface LogsShowMessage {
  type: 'logsShow';
  filter?: string;
  scope?: LogsScope | null;
  reveal?: number;
}
/** Select and scroll to a record (from the tree or the timeline). */
export interface LogsRevealMessage {
  type: 'logsReveal';
  id: number;
}
/** The session changed (new records, a clear): re-ask what is shown; follow mode keeps the newest in view. */
export interface LogsChangedMessage {
  type: 'logsChanged';
}

export type LogsHostNotification = LogsShowMessage | LogsRevealMessage | LogsChangedMessage;
export type LogsHostMessage = LogsResponse | LogsHostNotification;

export type LogsRequestParams<K extends LogsRequest['type']> = Omit<
  Extract<LogsRequest, { type: K }>,
  'type' | 'requestId'
>;

// ══ Traces table (`threadline.showTraces`, a webview panel) ════════════════════════════════════════════════
//
// Groups of a grouping as a sortable table under a scatter of duration over start time. As in the Logs view the
// page pulls pages of rows for what is on screen, and every request carries its whole query. The scatter's data
// comes as typed columns (one Float64Array per measure), never an object per group.

export type TracesSortKey = 'start' | 'duration' | 'errors' | 'records' | 'spans' | 'service' | 'root';

export interface TracesQuery {
  by: LogsGroupRef['by'];
  filter: string;
  sort: TracesSortKey;
  descending: boolean;
}

export interface TraceRow {
  /** `GroupSummary.id` in the query's grouping. */
  id: string;
  kind: string;
  key: string;
  startMs: number | null;
  startSubMsNs: number;
  /** null when the group has no time. */
  durationMs: number | null;
  spans: number;
  records: number;
  errors: number;
  services: string[];
  /** Root span's name, or null. */
  root: string | null;
}

export interface TracesPageRequest {
  type: 'tracesPage';
  requestId: number;
  query: TracesQuery;
  offset: number;
  limit: number;
}
/** The scatter's points: every group of the query in start order (see `GroupPoints`). */
export interface TracesPointsRequest {
  type: 'tracesPoints';
  requestId: number;
  query: TracesQuery;
}
export type TracesRequest = TracesPageRequest | TracesPointsRequest;

export interface TracesReadyMessage {
  type: 'tracesReady';
}
/** Open a group's timeline: a row (by id) or a dot of the scatter (its index among the points of `query`). */
export interface TracesOpenMessage {
  type: 'tracesOpen';
  by: LogsGroupRef['by'];
  target: { id: string } | { point: number; query: TracesQuery };
}
export interface TracesShowLogsMessage {
  type: 'tracesShowLogs';
  group: LogsGroupRef;
  label: string;
}
/** The table's filter (time range included), applied to the Logs view: the records behind the groups listed. */
export interface TracesFilterLogsMessage {
  type: 'tracesFilterLogs';
  filter: string;
}
/** A row was selected: the host reveals the group in the tree when it shows the same grouping. */
export interface TracesSelectMessage {
  type: 'tracesSelect';
  group: LogsGroupRef;
}
export type TracesWebviewNotification =
  TracesReadyMessage | TracesOpenMessage | TracesShowLogsMessage | TracesFilterLogsMessage | TracesSelectMessage;
export type TracesWebviewMessage = TracesRequest | TracesWebviewNotification;

export interface TracesPageResponse {
  type: 'tracesPageResult';
  requestId: number;
  offset: number;
  total: number;
  /** Groups or records the filter has not looked at yet. */
  pending: number;
  rows: TraceRow[];
  problem: FilterProblem | null;
}
export interface TracesPointsResponse {
  type: 'tracesPointsResult';
  requestId: number;
  startMs: Float64Array;
  durationMs: Float64Array;
  error: Uint8Array;
  pending: number;
}
export interface TracesErrorResponse {
  type: 'tracesError';
  requestId: number;
  message: string;
}
export interface TracesResponseFor {
  tracesPage: TracesPageResponse;
  tracesPoints: TracesPointsResponse;
}
export type TracesResponse = TracesResponseFor[keyof TracesResponseFor] | TracesErrorResponse;

/** Apply a filter or grouping (the command's arguments); a field left out keeps what the page has. */
export interface TracesShowMessage {
  type: 'tracesShow';
  filter?: string;
  by?: LogsGroupRef['by'];
}
/** The session changed: re-ask what is shown (throttled by the host). */
export interface TracesChangedMessage {
  type: 'tracesChanged';
}
export type TracesHostNotification = TracesShowMessage | TracesChangedMessage;
export type TracesHostMessage = TracesResponse | TracesHostNotification;

export type TracesRequestParams<K extends TracesRequest['type']> = Omit<
  Extract<TracesRequest, { type: K }>,
  'type' | 'requestId'
>;
