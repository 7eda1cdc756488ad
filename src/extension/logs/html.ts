// The Logs view's HTML shell: the timeline's Content-Security-Policy (scripts only with this load's nonce, styles
// only from the extension, nothing remote) and the bundle that builds the page. Pure, so tests serve exactly
// what the view serves.

import { contentSecurityPolicy } from '../timeline/html';

export interface LogsHtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function logsHtml(o: LogsHtmlOptions): string {
  const nonce = escapeAttr(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(o.styleUri)}">
<title>Threadline logs</title>
</head>
<body>
<main id="logs-root" aria-label="Log records"></main>
<script nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
