// Runs the real command line in a child process (through tsx, as a user of the source tree would).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

/** `as` runs it as another user (root only), for permissions that root itself would not meet. */
export function runCli(
  args: string[],
  input?: string,
  as?: { uid: number; gid: number },
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: root,
    ...as,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const fixture = (name: string): string => `test/fixtures/session/${name}`;
