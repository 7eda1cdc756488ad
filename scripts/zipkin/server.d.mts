export const ZIPKIN_VERSION: string;
export function zipkinJar(): string;
export function freeLoopbackPort(): Promise<number>;
export interface RunningZipkin {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** The server's last output, for failure messages. */
  output(): string;
}
export function startZipkin(options?: { port?: number; java?: string }): Promise<RunningZipkin>;
