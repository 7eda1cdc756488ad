// A record's message (its first line, as `RecordStore.message` lists it) read from the record's bytes without
// normalising the record: the top level of its JSON line is skimmed for the keys its format's message rules name
// (nested ones such as `jsonPayload.message` are skimmed a level further), and only the value that wins is
// decoded. Whatever the skim cannot decide the same way as `load()` — text formats, continuation lines, wrapped
// lines, escaped keys, values that are not strings, templates with holes — is answered `undefined`, and the
// store then takes the full path. A test compares both paths on every fixture and on hostile lines.

import type { KeyPath, MessageDecode, Rules } from '../formats/schema';
import { isNull, KeySet, skimObject, stringValue, type ValueSpan } from '../json/skim';

/** The longest first line listed (the rest becomes `…`), as summaries give it. */
export const MESSAGE_LINE_MAX = 200;

/** A message's first line, cut as summaries list it. */
export function messageFirstLine(m: string): string {
  const nl = m.indexOf('\n');
  const first = nl >= 0 ? m.slice(0, nl) : m;
  return first.length > MESSAGE_LINE_MAX ? first.slice(0, MESSAGE_LINE_MAX - 1) + '…' : first;
}

/** One format's message rules, compiled for skimming. */
export class MessagePlan {
  private readonly rules: { segs: readonly string[]; decode: MessageDecode }[];
  /** Every top-level key a rule may read (literal spellings of each run of a path's first segments). */
  private readonly top: KeySet;
  private readonly nested = new Map<string, KeySet>();
  private readonly spans = new Map<string, ValueSpan>();

  constructor(rules: Rules<MessageDecode>) {
    this.rules = rules.map((r) => ({ segs: segsOf(r.key), decode: r.decode ?? 'text' }));
    this.top = new KeySet([...this.rules.flatMap((r) => spellings(r.segs, 0)), 'log']);
  }

  /**
   * The message of the record whose first line is buf[s, e) (without its line end), or undefined when the skim
   * cannot tell. `getPath` semantics: own keys, a path also matches dotted spellings of runs of its segments
   * (longer runs first), a value must be an object to be walked into; the first rule whose value is present and
   * not null decides.
   */
  message(buf: Buffer, s: number, e: number): string | undefined {
    if (buf[s] !== 123 /* { */) return undefined;
    const top = this.spans;
    if (!skimObject(buf, s, e, this.top, top)) return undefined;
    // A `log` key may make it a Docker json-file or Fluent Bit envelope, which load() unwraps first.
    if (top.has('log')) return undefined;
    for (const r of this.rules) {
      let v: ValueSpan | undefined | null;
      if (r.segs.length === 1) v = top.get(r.segs[0]!);
      else {
        v = this.walk(buf, top, r.segs, 0);
        if (v === null) return undefined;
      }
      if (v === undefined || isNull(buf, v)) continue;
      const text = stringValue(buf, v);
      // numbers, booleans and objects are stringified by the full path: leave them to it
      if (text === null) return undefined;
      // a template with holes is filled from other fields by the full path
      if (r.decode === 'template' && (text.includes('{') || text.includes('}'))) return undefined;
      return text;
    }
    return '';
  }

  /** `walk` of normalize.ts over spans: the value at segs[i…] under `obj`, undefined when absent, null to give up. */
  private walk(
    buf: Buffer,
    obj: Map<string, ValueSpan>,
    segs: readonly string[],
    i: number,
  ): ValueSpan | undefined | null {
    for (let j = segs.length; j > i; j--) {
      const v = obj.get(j === i + 1 ? segs[i]! : segs.slice(i, j).join('.'));
      if (v === undefined) continue;
      if (j === segs.length) return v;
      if (buf[v.s] !== 123) continue;
      const keys = this.keysAt(segs, j);
      const inner = new Map<string, ValueSpan>();
      if (!skimObject(buf, v.s, v.e, keys, inner)) return null;
      const r = this.walk(buf, inner, segs, j);
      if (r !== undefined) return r;
    }
    return undefined;
  }

  private keysAt(segs: readonly string[], i: number): KeySet {
    const name = segs.slice(i).join('\u0000');
    let k = this.nested.get(name);
    if (k === undefined) this.nested.set(name, (k = new KeySet(spellings(segs, i))));
    return k;
  }
}

const segsOf = (key: KeyPath): readonly string[] => (typeof key === 'string' ? [key] : key);

/** The keys a path's walk may look up at level `i`: segs[i…j) joined with dots, for every j. */
function spellings(segs: readonly string[], i: number): string[] {
  const out: string[] = [];
  for (let j = i + 1; j <= segs.length; j++) out.push(segs.slice(i, j).join('.'));
  return out;
}

/**
 * The message's first line of a record whose bytes are buf[s, e) (its line, its line end, nothing else), or
 * undefined when only the full path can tell. A record whose bytes hold more than one line (continuation
 * lines, a multi-line document) is always left to the full path.
 */
export function skimRecordMessage(buf: Buffer, s: number, e: number, plan: MessagePlan): string | undefined {
  let end = e;
  const nl = buf.indexOf(10, s);
  if (nl >= 0 && nl < e) {
    if (nl !== e - 1) return undefined;
    end = nl;
  }
  if (end > s && buf[end - 1] === 13) end--;
  const m = plan.message(buf, s, end);
  return m === undefined ? undefined : messageFirstLine(m);
}
