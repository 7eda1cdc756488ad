// The Logs view's end of the protocol: requests answered by id, notifications both ways, persisted state.

import type {
  LogsHostNotification,
  LogsRequest,
  LogsRequestParams,
  LogsResponseFor,
  LogsWebviewNotification,
} from '../../src/shared/protocol';
import { HostClient } from '../shared/hostClient';

interface LogsProtocol {
  params: { [K in LogsRequest['type']]: LogsRequestParams<K> };
  responses: LogsResponseFor;
  notification: LogsHostNotification;
  outgoing: LogsWebviewNotification;
}

export class LogsClient extends HostClient<LogsProtocol> {
  constructor(onNotification: (m: LogsHostNotification) => void) {
    super(['logsShow', 'logsReveal', 'logsChanged'], 'logsError', onNotification);
  }
}
