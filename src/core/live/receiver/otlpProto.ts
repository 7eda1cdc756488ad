// OTLP protobuf <-> the OTLP/JSON shape. A protobuf request is decoded and turned into exactly the object an
// OTLP/JSON body would parse to (lowerCamelCase names, int64 as decimal strings, enums as integers, trace and
// span ids as lower-case hex, other bytes as base64), so one importer reads both encodings.

import protobuf from 'protobufjs/light';
import { OTLP_DESCRIPTOR } from '../proto/descriptor';

let types: {
  traceReq: protobuf.Type;
  traceRes: protobuf.Type;
  logsReq: protobuf.Type;
  logsRes: protobuf.Type;
  status: protobuf.Type;
} | null = null;

function load() {
  if (types) return types;
  const root = protobuf.Root.fromJSON(OTLP_DESCRIPTOR as protobuf.INamespace);
  const c = 'opentelemetry.proto.collector.v1.';
  types = {
    traceReq: root.lookupType(c + 'ExportTraceServiceRequest'),
    traceRes: root.lookupType(c + 'ExportTraceServiceResponse'),
    logsReq: root.lookupType(c + 'ExportLogsServiceRequest'),
    logsRes: root.lookupType(c + 'ExportLogsServiceResponse'),
    status: root.lookupType('google.rpc.Status'),
  };
  return types;
}

const TO_OBJECT: protobuf.IConversionOptions = {
  longs: String,
  enums: Number,
  bytes: String,
  defaults: false,
  oneofs: false,
};

function b64ToHex(v: unknown): unknown {
  return typeof v === 'string' ? Buffer.from(v, 'base64').toString('hex') : v;
}

function idsToHex(o: Record<string, unknown> | undefined, keys: readonly string[]): void {
  if (!o) return;
  for (const k of keys) if (k in o) o[k] = b64ToHex(o[k]);
}

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** Decodes an ExportTraceServiceRequest; throws on malformed protobuf. */
export function decodeTraceRequest(body: Uint8Array): Obj {
  const t = load();
  const obj = t.traceReq.toObject(t.traceReq.decode(body), TO_OBJECT) as Obj;
  for (const rs of arr(obj.resourceSpans))
    for (const ss of arr(rs.scopeSpans))
      for (const span of arr(ss.spans)) {
        idsToHex(span, ['traceId', 'spanId', 'parentSpanId']);
        for (const link of arr(span.links)) idsToHex(link, ['traceId', 'spanId']);
      }
  return obj;
}

/** Decodes an ExportLogsServiceRequest; throws on malformed protobuf. */
export function decodeLogsRequest(body: Uint8Array): Obj {
  const t = load();
  const obj = t.logsReq.toObject(t.logsReq.decode(body), TO_OBJECT) as Obj;
  for (const rl of arr(obj.resourceLogs))
    for (const sl of arr(rl.scopeLogs)) for (const rec of arr(sl.logRecords)) idsToHex(rec, ['traceId', 'spanId']);
  return obj;
}

export interface PartialSuccess {
  rejected: number;
  errorMessage: string;
}

export function encodeExportResponse(signal: 'traces' | 'logs', partial: PartialSuccess | null): Uint8Array {
  const t = load();
  const type = signal === 'traces' ? t.traceRes : t.logsRes;
  const ps = partial
    ? {
        partialSuccess: {
          [signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords']: partial.rejected,
          errorMessage: partial.errorMessage,
        },
      }
    : {};
  return type.encode(type.fromObject(ps)).finish();
}

export function encodeStatus(code: number, message: string): Uint8Array {
  const t = load();
  return t.status.encode(t.status.fromObject({ code, message })).finish();
}

/** For tests: the decoders' inverse over the same schema. */
export function encodeTraceRequestForTest(obj: Obj): Uint8Array {
  const t = load();
  return t.traceReq.encode(t.traceReq.fromObject(obj)).finish();
}

export function decodeExportResponse(signal: 'traces' | 'logs', body: Uint8Array): Obj {
  const t = load();
  const type = signal === 'traces' ? t.traceRes : t.logsRes;
  return type.toObject(type.decode(body), TO_OBJECT) as Obj;
}

export function decodeStatus(body: Uint8Array): Obj {
  const t = load();
  return t.status.toObject(t.status.decode(body), TO_OBJECT) as Obj;
}
