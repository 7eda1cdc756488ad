// The Traces table's page: the shared webview shell (webviewHtml.ts).

import { pageHtml, type PageHtmlOptions } from '../webviewHtml';

export function tracesHtml(o: PageHtmlOptions): string {
  return pageHtml(o, { title: 'Threadline traces', rootId: 'traces-root', label: 'Traces' });
}
