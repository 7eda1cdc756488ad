// The timeline panel's HTML shell: a strict Content-Security-Policy (scripts only with this load's nonce,
// styles and fonts only from the extension's own resources, nothing remote, no inline handlers) and the
// bundle that builds the page. Pure, so tests serve exactly what the panel serves.

export interface TimelineHtmlOptions {
  /** `webview.cspSource`: the origin the webview loads extension resources from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
}

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function timelineHtml(o: TimelineHtmlOptions): string {
  const nonce = escapeAttr(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(o.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(o.styleUri)}">
<title>Threadline timeline</title>
</head>
<body>
<main id="timeline-root" aria-label="Trace timeline"></main>
<script nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

export function makeNonce(random: (n: number) => Uint8Array): string {
  return Buffer.from(random(24)).toString('base64').replace(/[+/=]/g, '');
}
