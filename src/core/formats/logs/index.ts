// Every log format Threadline recognises, strongest signature first. Add a format: write one module beside
// this file (a LogFormatDef with samples), list it here; the sample test checks it on load.
import type { LogFormatDef } from '../schema';
import { bunyan } from './bunyan';
import { ecs } from './ecs';
import { gcpLogEntry } from './gcp-logentry';
import { gcpStructured } from './gcp-structured';
import { gelf } from './gelf';
import { generic } from './generic';
import { log4j2Gelf } from './log4j2-gelf';
import { log4j2Json } from './log4j2-json';
import { log4j2LogstashV1 } from './log4j2-logstash-v1';
import { logbackContrib } from './logback-contrib';
import { logbackJsonEncoder } from './logback-json-encoder';
import { logrus } from './logrus';
import { logstashLogback } from './logstash-logback';
import { melJson } from './mel-json';
import { otelLog } from './otel-log';
import { pino } from './pino';
import { pythonJsonLogger } from './python-json-logger';
import { rustTracing } from './rust-tracing';
import { serilogClef } from './serilog-clef';
import { slog } from './slog';
import { structlog } from './structlog';
import { winston } from './winston';
import { zap } from './zap';
import { zerolog } from './zerolog';

const ALL: LogFormatDef[] = [
  gcpLogEntry,
  otelLog,
  logbackJsonEncoder,
  log4j2Json,
  log4j2LogstashV1,
  logstashLogback,
  log4j2Gelf,
  gelf,
  serilogClef,
  melJson,
  ecs,
  gcpStructured,
  logbackContrib,
  rustTracing,
  bunyan,
  pino,
  pythonJsonLogger,
  zap,
  slog,
  zerolog,
  logrus,
  structlog,
  winston,
  generic,
];

/** Sorted by priority (stable: equal priorities keep the order above). */
export const LOG_FORMATS: readonly LogFormatDef[] = ALL.map((def, i) => ({ def, i }))
  .sort((a, b) => (a.def.priority ?? 100) - (b.def.priority ?? 100) || a.i - b.i)
  .map((x) => x.def);

export const GENERIC_FORMAT: LogFormatDef = generic;

export function logFormatByName(name: string): LogFormatDef | undefined {
  return LOG_FORMATS.find((d) => d.name === name);
}
