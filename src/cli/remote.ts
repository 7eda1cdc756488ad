// `inspect --zipkin URL …`: fetch one trace and merge it with the files (`--trace ID`), or list a service's
// recent traces (`--service NAME`). Failures leave with one line and an exit code per kind of failure.

import { mergeRemoteTrace } from '../core/remote/merge';
import { RemoteTraceError, type RemoteErrorKind, type TraceStore } from '../core/remote/traceStore';
import { ZipkinTraceStore } from '../core/remote/zipkin';
import type { SessionApi } from '../core/session/api';
import type { RemoteArgs } from './args';
import { formatDuration, formatTime } from './humanFormat';
import type { InspectInput } from './inspect';
import { json, type Output } from './output';

/** Exit codes (USAGE lists them): a script can tell "no such trace" from "Zipkin is down". */
export const REMOTE_EXIT: Record<RemoteErrorKind, number> = {
  'invalid-request': 2,
  'not-found': 3,
  unreachable: 4,
  timeout: 5,
  'not-a-trace-store': 6,
  'http-error': 6,
  'too-large': 6,
};

export function remoteStore(args: RemoteArgs): TraceStore {
  return new ZipkinTraceStore(args.zipkin, args.timeoutMs !== undefined ? { timeoutMs: args.timeoutMs } : {});
}

/**
 * Fetches a trace into the session; the input it returns stands for the fetch in files[]. Null when the files
 * held every span of it already (nothing new was added).
 */
export async function mergeRemoteInput(
  session: SessionApi,
  store: TraceStore,
  traceId: string,
): Promise<InspectInput | null> {
  const trace = await store.trace(traceId);
  const merged = mergeRemoteTrace(session, store, trace);
  if (merged.sourceName === null) return null;
  const summary = session.sources().find((s) => s.name === merged.sourceName);
  if (!summary) throw new Error(`the spans of trace ${trace.traceId} did not reach the session`);
  return { path: summary.name, summary };
}

export async function listRemoteTraces(
  store: TraceStore,
  args: RemoteArgs,
  asJson: boolean,
  out: Output,
): Promise<void> {
  const hits = await store.search({
    ...(args.service !== undefined ? { service: args.service } : {}),
    lookbackMs: args.lookbackMs ?? 3_600_000,
    limit: args.limit ?? 10,
  });
  if (asJson) {
    const traces = hits.map((h) => ({
      ...h,
      startNs: h.startNs?.toString() ?? null,
      durationNs: h.durationNs?.toString() ?? null,
    }));
    await out.write(`${json({ zipkin: store.url, traces })}\n`);
  } else if (hits.length === 0) {
    await out.write(`no traces of ${args.service} in Zipkin at ${store.url} in that time\n`);
  } else {
    for (const h of hits) {
      const dur = h.durationNs === null ? '' : formatDuration(h.durationNs);
      const errors = h.errors > 0 ? `, ${h.errors} error${h.errors > 1 ? 's' : ''}` : '';
      await out.write(
        `${h.traceId}  ${formatTime(h.startNs)}  ${dur.padStart(9)}  ${h.rootService ?? '?'}: ${h.root ?? '?'}` +
          `  (${h.spans} span${h.spans === 1 ? '' : 's'}${errors}; ${h.services.join(', ')})\n`,
      );
    }
  }
  await out.flush();
}

/** The exit code and one line for a failed remote request; null when `e` is not one. */
export function remoteFailure(e: unknown): { code: number; message: string } | null {
  if (!(e instanceof RemoteTraceError)) return null;
  return { code: REMOTE_EXIT[e.kind], message: e.message };
}
