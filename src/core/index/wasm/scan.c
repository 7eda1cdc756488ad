// The index's line scanner (scanner.ts, LineScan.scan) for wasm32 with SIMD128: the same grammar, the same
// outputs, 16 bytes at a time through string bodies. It is a port, not a second design: every decision below
// mirrors one in scanner.ts, which stays the reference (and the path for buffers outside this module's memory).
//
// No libc and no allocation: the read buffer, the outputs and the nesting stack are static, so the memory never
// grows and the typed-array views the JavaScript side keeps over it stay valid for the thread's life.
//
// Built by scripts/build-wasm.mjs:
//   clang --target=wasm32 -O3 -msimd128 -mbulk-memory -nostdlib -Wl,--no-entry -o scan.wasm scan.c

#include <wasm_simd128.h>

typedef unsigned char u8;
typedef int i32;
typedef unsigned int u32;

#define EXPORT(name) __attribute__((export_name(name)))

/** The read buffer the range reader fills (views over it are handed to the scanner). */
#define BUF_BYTES (4 << 20)
/** Bytes after the buffer that 16-byte loads past a line's end may touch. */
#define PAD 64
/** Top-level keys one scan records; a line with more is scanned by the JavaScript scanner. */
#define KEY_CAP 1024
/** Expected key bytes and keys; a longer expectation also leaves the line to the JavaScript scanner. */
#define EXP_BYTES 65536
#define EXP_KEYS 4096

#define VT_STRING 1
#define VT_NUMBER 2
#define VT_TRUE 3
#define VT_FALSE 4
#define VT_NULL 5
#define VT_OBJECT 6
#define VT_ARRAY 7
#define SAFE_DIGITS 15

static u8 buf[BUF_BYTES + PAD] __attribute__((aligned(16)));
static u8 exp_bytes[EXP_BYTES + PAD] __attribute__((aligned(16)));
static i32 exp_ends[EXP_KEYS];
static i32 key_start[KEY_CAP];
static i32 key_end[KEY_CAP];
static i32 val_start[KEY_CAP];
static i32 val_end[KEY_CAP];
static u8 val_type[KEY_CAP];
static u8 flags[KEY_CAP];
/** One bit a nesting level (set: object); a line in the buffer cannot nest deeper than its length. */
static u8 stack[(BUF_BYTES + PAD) / 8 + 1];
/** After a scan: keys matched against the expectation, whether all matched, key escapes, non-ASCII bytes. */
static i32 info[4];

EXPORT("buf_ptr") i32 buf_ptr(void) { return (i32)buf; }
EXPORT("buf_bytes") i32 buf_bytes(void) { return BUF_BYTES; }
EXPORT("exp_bytes_ptr") i32 exp_bytes_ptr(void) { return (i32)exp_bytes; }
EXPORT("exp_ends_ptr") i32 exp_ends_ptr(void) { return (i32)exp_ends; }
EXPORT("key_start_ptr") i32 key_start_ptr(void) { return (i32)key_start; }
EXPORT("key_end_ptr") i32 key_end_ptr(void) { return (i32)key_end; }
EXPORT("val_start_ptr") i32 val_start_ptr(void) { return (i32)val_start; }
EXPORT("val_end_ptr") i32 val_end_ptr(void) { return (i32)val_end; }
EXPORT("val_type_ptr") i32 val_type_ptr(void) { return (i32)val_type; }
EXPORT("flags_ptr") i32 flags_ptr(void) { return (i32)flags; }
EXPORT("info_ptr") i32 info_ptr(void) { return (i32)info; }
EXPORT("limits") i32 limits(i32 which) { return which == 0 ? KEY_CAP : which == 1 ? EXP_BYTES : EXP_KEYS; }

static int non_ascii;
static int str_esc;
static int number_digits;

/** Space, tab, line feed, carriage return: one shift and test (bits 32, 9, 10, 13). */
static inline int is_ws(u8 c) { return c <= 32 && ((0x100002600ULL >> c) & 1); }
static inline int is_hex(u8 c) { return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70); }

/** b[p] is a backslash; returns the index after the escape, or -1. */
static i32 skip_escape(const u8 *b, i32 p, i32 e) {
  if (p + 1 >= e) return -1;
  u8 c = b[p + 1];
  if (c == 34 || c == 92 || c == 47 || c == 98 || c == 102 || c == 110 || c == 114 || c == 116) return p + 2;
  if (c == 117) {
    if (p + 5 >= e) return -1;
    if (!is_hex(b[p + 2]) || !is_hex(b[p + 3]) || !is_hex(b[p + 4]) || !is_hex(b[p + 5])) return -1;
    return p + 6;
  }
  return -1;
}

/**
 * The first byte at or after p that is a quote, a backslash or a control byte (the byte at the line's end is
 * one, so this stops there at the latest); non-ASCII bytes before it set `non_ascii`. Bytes ≥ 0x80 are plain
 * here, unlike the scalar loop's class 4, but they only ever set the flag there too.
 */
static inline i32 next_special(const u8 *b, i32 p) {
  const v128_t quote = wasm_i8x16_splat(34), bslash = wasm_i8x16_splat(92), space = wasm_i8x16_splat(32);
  for (;;) {
    v128_t v = wasm_v128_load(b + p);
    v128_t stop = wasm_v128_or(wasm_i8x16_eq(v, quote), wasm_i8x16_eq(v, bslash));
    stop = wasm_v128_or(stop, wasm_u8x16_lt(v, space));
    u32 s = wasm_i8x16_bitmask(stop);
    u32 hi = wasm_i8x16_bitmask(v);
    if (s != 0) {
      if (hi & ((s & -s) - 1)) non_ascii = 1;
      return p + __builtin_ctz(s);
    }
    if (hi) non_ascii = 1;
    p += 16;
  }
}

/** b[p] is the opening quote; returns the index after the closing quote, or -1 (sets str_esc). */
static i32 skip_string(const u8 *b, i32 p, i32 e) {
  p++;
  int esc = 0;
  for (;;) {
    p = next_special(b, p);
    u8 c = b[p];
    if (c == 34) {
      if (p >= e) return -1;
      str_esc = esc;
      return p + 1;
    }
    if (c == 92) {
      i32 q = skip_escape(b, p, e);
      if (q < 0) return -1;
      esc = 1;
      p = q;
      continue;
    }
    return -1;
  }
}

static i32 skip_number(const u8 *b, i32 p, i32 e) {
  if (b[p] == 45) p++;
  if (p >= e) return -1;
  i32 ds = p;
  if (b[p] == 48) p++;
  else if (b[p] >= 49 && b[p] <= 57) {
    p++;
    while (p < e && b[p] >= 48 && b[p] <= 57) p++;
  } else return -1;
  number_digits = p - ds;
  if (p < e && b[p] == 46) {
    p++;
    i32 fs = p;
    while (p < e && b[p] >= 48 && b[p] <= 57) p++;
    if (p == fs) return -1;
  }
  if (p < e && (b[p] == 101 || b[p] == 69)) {
    p++;
    if (p < e && (b[p] == 43 || b[p] == 45)) p++;
    i32 xs = p;
    while (p < e && b[p] >= 48 && b[p] <= 57) p++;
    if (p == xs) return -1;
  }
  return p;
}

static i32 skip_literal(const u8 *b, i32 p, i32 e) {
  u8 c = b[p];
  if (c == 116) return p + 3 < e && b[p + 1] == 114 && b[p + 2] == 117 && b[p + 3] == 101 ? p + 4 : -1;
  if (c == 110) return p + 3 < e && b[p + 1] == 117 && b[p + 2] == 108 && b[p + 3] == 108 ? p + 4 : -1;
  if (c == 102)
    return p + 4 < e && b[p + 1] == 97 && b[p + 2] == 108 && b[p + 3] == 115 && b[p + 4] == 101 ? p + 5 : -1;
  return -1;
}

#define SKIP_WS() \
  while (p < e && is_ws(b[p])) p++

static inline void push(i32 d, int obj) {
  if (obj) stack[d >> 3] |= (u8)(1 << (d & 7));
  else stack[d >> 3] &= (u8) ~(1 << (d & 7));
}
static inline int top_is_obj(i32 d) { return (stack[(d - 1) >> 3] >> ((d - 1) & 7)) & 1; }

/** b[p] is `{` or `[`; returns the index after the matching close, or -1 when the text is not valid JSON. */
static i32 skip_nested(const u8 *b, i32 p, i32 e) {
  i32 d = 0;
  for (;;) {
    SKIP_WS();
    if (p >= e) return -1;
    u8 c = b[p];
    if (c == 123 || c == 91) {
      push(d++, c == 123);
      p++;
      SKIP_WS();
      if (p >= e) return -1;
      if (c == 123) {
        if (b[p] == 125) {
          p++;
          d--;
        } else {
          if (b[p] != 34) return -1;
          p = skip_string(b, p, e);
          if (p < 0) return -1;
          SKIP_WS();
          if (p >= e || b[p] != 58) return -1;
          p++;
          continue;
        }
      } else {
        if (b[p] == 93) {
          p++;
          d--;
        } else continue;
      }
    } else if (c == 34) {
      p = skip_string(b, p, e);
      if (p < 0) return -1;
    } else if (c == 45 || (c >= 48 && c <= 57)) {
      p = skip_number(b, p, e);
      if (p < 0) return -1;
    } else {
      p = skip_literal(b, p, e);
      if (p < 0) return -1;
    }
    // after a value: close containers, or a comma leads to the next value
    for (;;) {
      if (d == 0) return p;
      SKIP_WS();
      if (p >= e) return -1;
      c = b[p];
      int obj = top_is_obj(d);
      if (c == 44) {
        p++;
        if (obj) {
          SKIP_WS();
          if (p >= e || b[p] != 34) return -1;
          p = skip_string(b, p, e);
          if (p < 0) return -1;
          SKIP_WS();
          if (p >= e || b[p] != 58) return -1;
          p++;
        }
        break;
      }
      if ((c == 125 && obj) || (c == 93 && !obj)) {
        p++;
        d--;
        continue;
      }
      return -1;
    }
  }
}

/** Whether b[p, p + len) equals x[0, len) and b[p + len] is a quote; p + len < e is checked first. */
static inline int key_equals(const u8 *b, i32 p, const u8 *x, i32 len, i32 e) {
  if (p + len >= e) return 0;
  i32 j = 0;
  for (; j + 16 <= len; j += 16)
    if (!wasm_i8x16_all_true(wasm_i8x16_eq(wasm_v128_load(b + p + j), wasm_v128_load(x + j)))) return 0;
  if (j < len) {
    u32 m = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(b + p + j), wasm_v128_load(x + j)));
    u32 want = (1u << (len - j)) - 1;
    if ((m & want) != want) return 0;
  }
  return b[p + len] == 34;
}

/**
 * Scans buf[s, e) — offsets from `base`, the address of the caller's view — as one JSON object, matching keys
 * against the first `exp_n` expected keys (exp_n < 0: no expectation). The caller checked that buf[e] is a
 * control byte. Returns the number of keys, -1 when the text is not one valid JSON object, -3 when it does not
 * open with `{` (nothing reset, as in scanner.ts), -2 when it has more keys than the outputs hold.
 */
EXPORT("scan") i32 scan(i32 base, i32 s, i32 e, i32 exp_n) {
  const u8 *b = (const u8 *)base;
  i32 p = s;
  SKIP_WS();
  if (p >= e || b[p] != 123) return -3;
  p++;
  i32 n = 0, matched = 0;
  int exp = exp_n >= 0;
  info[0] = 0;
  info[2] = 0;
  non_ascii = 0;
  info[3] = 0;
  SKIP_WS();
  if (p < e && b[p] == 125) {
    p++;
  } else {
    for (;;) {
      if (p >= e || b[p] != 34) goto fail;
      if (n == KEY_CAP) return -2;
      i32 ks = ++p;
      int fl = 0;
      if (exp) {
        i32 es = n == 0 ? 0 : exp_ends[n - 1], len = n < exp_n ? exp_ends[n] - es : -1;
        if (len < 0 || !key_equals(b, p, exp_bytes + es, len, e)) exp = 0;
        else p += len;
      }
      if (exp) matched++;
      else {
        for (;;) {
          p = next_special(b, p);
          u8 c = b[p];
          if (c == 34) break;
          if (c == 92) {
            i32 q = skip_escape(b, p, e);
            if (q < 0) goto fail;
            fl |= 4;
            info[2] = 1;
            p = q;
            continue;
          }
          goto fail;
        }
        if (p >= e) goto fail;
      }
      key_start[n] = ks;
      key_end[n] = p;
      p++;
      SKIP_WS();
      if (p >= e || b[p] != 58) goto fail;
      p++;
      SKIP_WS();
      if (p >= e) goto fail;
      u8 c = b[p];
      if (c == 34) {
        i32 vs = p + 1;
        i32 q = skip_string(b, p, e);
        if (q < 0) goto fail;
        val_start[n] = vs;
        val_end[n] = q - 1;
        val_type[n] = VT_STRING;
        fl |= str_esc ? 1 : 0;
        p = q;
      } else if (c == 123 || c == 91) {
        i32 q = skip_nested(b, p, e);
        if (q < 0) goto fail;
        val_start[n] = p;
        val_end[n] = q;
        val_type[n] = c == 123 ? VT_OBJECT : VT_ARRAY;
        p = q;
      } else if (c == 45 || (c >= 48 && c <= 57)) {
        i32 q = skip_number(b, p, e);
        if (q < 0) goto fail;
        val_start[n] = p;
        val_end[n] = q;
        val_type[n] = VT_NUMBER;
        if (number_digits > SAFE_DIGITS) fl |= 2;
        p = q;
      } else {
        i32 q = skip_literal(b, p, e);
        if (q < 0) goto fail;
        val_start[n] = p;
        val_end[n] = q;
        val_type[n] = c == 116 ? VT_TRUE : c == 102 ? VT_FALSE : VT_NULL;
        p = q;
      }
      flags[n] = (u8)fl;
      n++;
      SKIP_WS();
      if (p >= e) goto fail;
      if (b[p] == 44) {
        p++;
        SKIP_WS();
        continue;
      }
      if (b[p] == 125) {
        p++;
        break;
      }
      goto fail;
    }
  }
  SKIP_WS();
  if (p != e) goto fail;
  info[0] = matched;
  info[1] = exp && n == exp_n;
  info[3] = non_ascii;
  return n;
fail:
  info[3] = non_ascii;
  return -1;
}
