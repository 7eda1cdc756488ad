// Entry of the extension-host suite (bundled to out/test-vscode/index.js). VS Code calls run() inside the
// extension host once the workbench has loaded the extension under development.

import * as path from 'node:path';
import { runAll } from './harness';
import './activation.test';
import './tree.test';
import './commands.test';
import './navigation.test';
import './settings.test';
import './live.test';
import './liveReceiver.test';
import './zipkin.test';
import './liveBounded.test';
import './logs.test';
import './traces.test';
import './agent.test';

export async function run(): Promise<void> {
  // the bundle sits in <repo>/out/test-vscode/
  const resultsFile =
    process.env.THREADLINE_TEST_RESULTS ?? path.resolve(__dirname, '../../test-results/vscode-extension-host.json');
  const filter = process.env.THREADLINE_TEST_GREP ? new RegExp(process.env.THREADLINE_TEST_GREP) : undefined;
  const results = await runAll(resultsFile, filter);
  const failed = results.filter((r) => !r.ok);
  // @vscode/test-electron turns a rejected run() into a failing exit code
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} extension-host tests failed`);
}
