// The timeline panel's page: the shared webview shell (webviewHtml.ts) with the codicon font.

import { pageHtml, type PageHtmlOptions } from '../webviewHtml';

export type TimelineHtmlOptions = PageHtmlOptions & { codiconUri: string };

export function timelineHtml(o: TimelineHtmlOptions): string {
  return pageHtml(o, { title: 'Threadline timeline', rootId: 'timeline-root', label: 'Trace timeline' });
}
