// A shortcut for ISO-8601 times on the fast path. Consecutive log lines share their date, time to the second
// and zone, and differ in the fraction: the part without the fraction is decoded by `decodeTimeParts` once
// per distinct second, and the fraction's digits are added here. Every time a new second is decoded, the
// full text is also decoded and compared; one difference switches the shortcut off for good, so the result
// is always what `decodeTimeParts` gives.

import { decodeTimeParts, type TimeParts } from '../formats/decode';

export class IsoTimeCache {
  private key = Buffer.alloc(64);
  private keyLen = -1;
  private secMs = 0;
  private readonly tp: TimeParts = { ms: 0, subMsNs: 0 };
  enabled = true;

  /**
   * Decodes buf[s, e) (an ISO time without escapes) into `out`. Returns false when the text does not decode,
   * or null when this shape of text is not handled here (the caller uses decodeTimeParts).
   */
  decode(buf: Uint8Array, s: number, e: number, out: TimeParts): boolean | null {
    if (!this.enabled || e - s < 20 || e - s > 48) return null;
    // YYYY-MM-DDTHH:MM:SS then optional .digits then the zone
    let p = s + 19;
    let fs = -1,
      fe = -1;
    if (buf[p] === 46 /* . */) {
      fs = ++p;
      while (p < e && buf[p] >= 48 && buf[p] <= 57) p++;
      fe = p;
      if (fe === fs) return null;
    }
    // key = the 19 leading bytes + the zone bytes
    const zoneLen = e - p;
    const klen = 19 + zoneLen;
    let same = klen === this.keyLen;
    const key = this.key;
    if (same) {
      for (let i = 0; i < 19; i++)
        if (key[i] !== buf[s + i]) {
          same = false;
          break;
        }
      if (same)
        for (let i = 0; i < zoneLen; i++)
          if (key[19 + i] !== buf[p + i]) {
            same = false;
            break;
          }
    }
    if (!same) {
      for (let i = 0; i < 19; i++) key[i] = buf[s + i];
      for (let i = 0; i < zoneLen; i++) key[19 + i] = buf[p + i];
      this.keyLen = -1;
      const b = buf as Buffer;
      const whole = b.toString('latin1', s, s + 19) + b.toString('latin1', p, e);
      if (!decodeTimeParts(whole, 'iso', this.tp) || this.tp.subMsNs !== 0) return null;
      this.secMs = this.tp.ms;
      this.keyLen = klen;
      // check the composition against the real decoder on this line
      this.fraction(buf, fs, fe, out);
      const full = b.toString('latin1', s, e);
      if (!decodeTimeParts(full, 'iso', this.tp) || this.tp.ms !== out.ms || this.tp.subMsNs !== out.subMsNs) {
        this.enabled = false;
        this.keyLen = -1;
        return null;
      }
      return true;
    }
    this.fraction(buf, fs, fe, out);
    return true;
  }

  private fraction(buf: Uint8Array, fs: number, fe: number, out: TimeParts): void {
    let ms = 0,
      ns = 0;
    if (fs >= 0) {
      for (let i = 0; i < 9; i++) {
        const d = fs + i < fe ? buf[fs + i] - 48 : 0;
        if (i < 3) ms = ms * 10 + d;
        else ns = ns * 10 + d;
      }
    }
    out.ms = this.secMs + ms;
    out.subMsNs = ns;
  }
}
