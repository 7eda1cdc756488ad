// The HTML shell every Threadline webview page loads: a strict Content-Security-Policy (scripts only with this
// load's nonce, styles and fonts only from the extension's own resources, nothing remote, no inline handlers),
// the page's stylesheets and the bundle that builds it. Pure, so tests serve exactly what the editor serves.

export interface PageHtmlOptions {
  /** `webview.cspSource`: the origin the webview loads extension resources from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The codicon font's stylesheet, for pages that draw codicons. */
  codiconUri?: string;
}

/** What tells one page from another: its title, and its root element's id and accessible name. */
export interface PageShape {
  title: string;
  rootId: string;
  label: string;
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

export function pageHtml(o: PageHtmlOptions, page: PageShape): string {
  const nonce = escapeAttr(o.nonce);
  const codicons =
    o.codiconUri === undefined
      ? ''
      : `<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(o.codiconUri)}" id="vscode-codicon-stylesheet">\n`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
${codicons}<link rel="stylesheet" nonce="${nonce}" href="${escapeAttr(o.styleUri)}">
<title>${escapeAttr(page.title)}</title>
</head>
<body>
<main id="${escapeAttr(page.rootId)}" aria-label="${escapeAttr(page.label)}"></main>
<script nonce="${nonce}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

export function makeNonce(random: (n: number) => Uint8Array): string {
  return Buffer.from(random(24)).toString('base64').replace(/[+/=]/g, '');
}
