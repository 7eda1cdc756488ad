// The agent tools (src/core/agent/tools.ts) as language-model tools of the editor, over the window's session, so
// an agent in chat can read the logs that are open. Declared in package.json `contributes.languageModelTools`
// under the same names with a `threadline_` prefix; `open` is left out (the window opens files itself).
// Read-only: nothing to confirm.

import * as vscode from 'vscode';
import { AGENT_TOOLS, runTool, type AgentContext } from '../../core/agent/tools';
import type { SessionHost } from '../sessionHost';
import type { SourceNavigator } from '../navigation/sourceNavigator';

export const LM_TOOL_PREFIX = 'threadline_';
/** The tools the editor offers (every agent tool but `open`). */
export const LM_TOOLS = AGENT_TOOLS.filter((t) => t.name !== 'open');

export function registerLanguageModelTools(
  context: vscode.ExtensionContext,
  host: SessionHost,
  navigator: SourceNavigator,
): void {
  // Editors without the language-model API (older VS Code builds, some forks) simply get no tools.
  if (typeof vscode.lm?.registerTool !== 'function') return;
  const ctx = (): AgentContext => ({
    session: host.session,
    resolveSource: async (loc) => navigator.candidates(loc),
  });
  for (const tool of LM_TOOLS) {
    context.subscriptions.push(
      vscode.lm.registerTool<Record<string, unknown>>(LM_TOOL_PREFIX + tool.name, {
        prepareInvocation: () => ({ invocationMessage: `Threadline: ${tool.title.toLowerCase()}` }),
        async invoke(options) {
          const r = await runTool(tool.name, options.input, ctx());
          // Errors go back to the model as text it can act on (a bad filter, an unknown id), not as exceptions.
          const text = r.isError ? `Error: ${r.text}` : r.text;
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
        },
      }),
    );
  }
}
