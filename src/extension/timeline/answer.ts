// Maps each protocol request to its response, from the feed. Pure: the panel and the browser tests use it.

import { assertNever, type TimelineRequest, type TimelineResponse } from '../../shared/protocol';
import type { TimelineFeed } from './feed';

export async function answerRequest(feed: TimelineFeed, m: TimelineRequest): Promise<TimelineResponse> {
  const requestId = m.requestId;
  switch (m.type) {
    case 'openGroup':
      return { type: 'openGroupResult', requestId, meta: await feed.openGroup(m.groupId) };
    case 'spanChunk':
      return {
        type: 'spanChunkResult',
        requestId,
        groupId: m.groupId,
        chunk: await feed.spanChunk(m.groupId, m.offset, m.limit),
      };
    case 'markerChunk':
      return {
        type: 'markerChunkResult',
        requestId,
        groupId: m.groupId,
        chunk: await feed.markerChunk(m.groupId, m.offset, m.limit),
      };
    case 'spanDetail':
      return { type: 'spanDetailResult', requestId, detail: await feed.spanDetail(m.groupId, m.spanIndex) };
    case 'records': {
      const r = await feed.records(m.groupId, m.spanIndex, m.offset, m.limit);
      return { type: 'recordsResult', requestId, total: r.total, offset: r.offset, items: r.items };
    }
    case 'criticalPath':
      return { type: 'criticalPathResult', requestId, path: await feed.criticalPath(m.groupId) };
    case 'searchRecords': {
      const r = await feed.searchRecords(m.groupId, m.query, Math.max(0, Math.min(m.limit, 10_000)));
      return { type: 'searchRecordsResult', requestId, markers: r.markers, truncated: r.truncated };
    }
    case 'markerRecord':
      return { type: 'markerRecordResult', requestId, record: await feed.markerRecord(m.groupId, m.markerIndex) };
    case 'recordView':
      return { type: 'recordViewResult', requestId, record: await feed.recordView(m.recordId) };
    default:
      return assertNever(m);
  }
}
