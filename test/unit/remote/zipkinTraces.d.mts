export interface PostedTrace {
  traceId: string;
  rootSpanId: string;
  callSpanId: string;
  serverSpanId: string;
  /** Epoch seconds the trace starts at. */
  startS: number;
}
/** Reports one checkout → payments trace to Zipkin with the OpenTelemetry Zipkin exporter. */
export function postCheckoutTrace(zipkinUrl: string, startS?: number): Promise<PostedTrace>;
/** Local logs of the trace, as logstash-logback-encoder writes them with Micrometer Tracing's MDC keys. */
export function localLogLines(t: PostedTrace): string;
/** Waits until Zipkin serves the trace with at least `spans` spans. */
export function untilStored(zipkinUrl: string, traceId: string, spans: number): Promise<void>;
