// The Logs view's page: the shared webview shell (webviewHtml.ts).

import { pageHtml, type PageHtmlOptions } from '../webviewHtml';

export function logsHtml(o: PageHtmlOptions): string {
  return pageHtml(o, { title: 'Threadline logs', rootId: 'logs-root', label: 'Log records' });
}
