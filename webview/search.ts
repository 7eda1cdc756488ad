// Fuzzy matching of span names and services with fuse.js. A trace of 100,000 spans has far fewer distinct
// names, so the index is built over the group's string table (each distinct name once) and the services,
// then mapped back to spans; record messages are searched by the host, which has them.

import Fuse from 'fuse.js';
import type { GroupStore } from './store';

const cache = new WeakMap<GroupStore, { size: number; names: Fuse<string>; services: Fuse<string> }>();

const OPTIONS = { threshold: 0.34, ignoreLocation: true, includeScore: false };

export function matchSpans(g: GroupStore, query: string): Uint8Array {
  const out = new Uint8Array(g.n);
  const q = query.trim();
  if (!q) return out;
  let c = cache.get(g);
  if (!c || c.size !== g.strings.length) {
    c = {
      size: g.strings.length,
      names: new Fuse(g.strings.slice(), OPTIONS),
      services: new Fuse(g.services.slice(), OPTIONS),
    };
    cache.set(g, c);
  }
  const names = new Uint8Array(g.strings.length);
  for (const h of c.names.search(q)) names[h.refIndex] = 1;
  const services = new Uint8Array(Math.max(1, g.services.length));
  for (const h of c.services.search(q)) services[h.refIndex] = 1;
  for (let i = 0; i < g.spansLoaded; i++) if (names[g.name[i]!] || services[g.service[i]!]) out[i] = 1;
  return out;
}
