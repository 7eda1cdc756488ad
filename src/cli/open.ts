// Feeds the command line's inputs into a session: files through the same index the extension uses, `-` as a
// stream. A file that cannot be read stops the command with one line saying why (exit code 1).

// (sync checks: node:fs/promises would cost ≈ 4 ms of every start to load, for a few calls before any work)
import { accessSync, constants, statSync } from 'node:fs';
import type { SessionApi, SourceSummary } from '../core/session/api';

export class UnreadableInput extends Error {}

/** Name the stdin source carries in output (`files[].path`, `records[].file`). */
export const STDIN_NAME = '-';

function checkReadable(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new UnreadableInput(`cannot read ${path}: ${reason(e)}`);
  }
  if (st.isDirectory()) throw new UnreadableInput(`cannot read ${path}: is a directory`);
  try {
    accessSync(path, constants.R_OK);
  } catch (e) {
    throw new UnreadableInput(`cannot read ${path}: ${reason(e)}`);
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'a parent in the path is not a directory';
  // Node's "ELOOP: too many symbolic links encountered, stat '/x'": the caller names the path already.
  const first = (e as Error).message.split('\n')[0]!;
  return /^[A-Z]+: (.+?), \w+ '.*'$/.exec(first)?.[1] ?? first;
}

/** Checks every input before any is indexed, so a typo in the third file does not cost the time of the first two. */
export async function checkInputs(inputs: readonly string[]): Promise<void> {
  for (const p of inputs) if (p !== STDIN_NAME) checkReadable(p);
}

export async function openInputs(
  session: SessionApi,
  inputs: readonly string[],
  stdin: () => NodeJS.ReadableStream = () => process.stdin,
): Promise<{ path: string; summary: SourceSummary }[]> {
  const out: { path: string; summary: SourceSummary }[] = [];
  for (const p of inputs) {
    const summary =
      p === STDIN_NAME
        ? await readStdin(session, stdin())
        : await session.addFile(p).catch((e: unknown) => {
            throw new UnreadableInput(`cannot read ${p}: ${reason(e)}`);
          });
    if (summary.error) {
      // The index's messages may already name the file: say it once.
      let why = summary.error.split('\n')[0]!;
      if (why.startsWith(p)) why = why.slice(p.length).replace(/^[:\s]+/, '');
      throw new UnreadableInput(`cannot read ${p}: ${why}`);
    }
    out.push({ path: p, summary });
  }
  return out;
}

async function readStdin(session: SessionApi, stdin: NodeJS.ReadableStream): Promise<SourceSummary> {
  const sink = session.addStream(STDIN_NAME);
  for await (const chunk of stdin) sink.write(typeof chunk === 'string' ? chunk : new Uint8Array(chunk as Buffer));
  sink.end();
  // A stream's index may finish its last lines asynchronously (worker, decoder): wait for it to say done.
  while (!sink.summary().done) await new Promise((r) => setTimeout(r, 5));
  return sink.summary();
}
