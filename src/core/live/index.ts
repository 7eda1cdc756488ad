// Live sources: follow a file, follow a command's output, receive OTLP / Zipkin / JSON-lines telemetry.
// Pure Node (no `vscode`): used by the extension, the CLI, tests and the benchmark.

export { followFile, type FileFollower, type FileFollowEvent, type FollowFileOptions } from './followFile';
export { followCommand, type CommandExit, type CommandFollower, type FollowCommandOptions } from './followCommand';
export {
  startReceiver,
  DEFAULT_PORTS,
  type Receiver,
  type ReceiverOptions,
  type ListenerKind,
  type RequestEvent,
} from './receiver/index';
export { PausableSink } from './pausable';
export {
  CommandSource,
  FileSource,
  ReceiverSource,
  describeExit,
  type LiveSource,
  type LiveEvent,
  type LiveHooks,
  type LiveKind,
  type LiveState,
  type ReceiverSettings,
} from './liveSource';
