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
/** The expectation `scan` matches keys against: exp_bytes/exp_ends, or a batch program's keys during a batch. */
static const u8 *xb = exp_bytes;
static const i32 *xe = exp_ends;

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
#define WS_ALL 0x100002600ULL
/** The same without the line feed: a scan that finds its line's end itself stops there (see `batch`). */
#define WS_LINE 0x100002200ULL
static inline int is_ws(u8 c, unsigned long long ws) { return c <= 32 && ((ws >> c) & 1); }
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
  while (p < e && is_ws(b[p], ws)) p++

static inline void push(i32 d, int obj) {
  if (obj) stack[d >> 3] |= (u8)(1 << (d & 7));
  else stack[d >> 3] &= (u8) ~(1 << (d & 7));
}
static inline int top_is_obj(i32 d) { return (stack[(d - 1) >> 3] >> ((d - 1) & 7)) & 1; }

/** b[p] is `{` or `[`; returns the index after the matching close, or -1 when the text is not valid JSON. */
static i32 skip_nested(const u8 *b, i32 p, i32 e, unsigned long long ws) {
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
 * The body of `scan` (below). With `line_end` set it finds the line's end itself: `e` is the end of the bytes
 * read (a line feed at it stops the vector loops), a line feed is not whitespace, and after the object only
 * spaces, tabs and carriage returns may come before the line feed, whose index goes to *line_end. One pass over
 * the line instead of a search for its end and then the scan.
 */
static inline __attribute__((always_inline)) i32 scan_object(i32 base, i32 s, i32 e, i32 exp_n,
                                                             unsigned long long ws, i32 *line_end) {
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
        i32 es = n == 0 ? 0 : xe[n - 1], len = n < exp_n ? xe[n] - es : -1;
        if (len < 0 || !key_equals(b, p, xb + es, len, e)) exp = 0;
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
        i32 q = skip_nested(b, p, e, ws);
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
  if (line_end != 0) {
    if (p >= e || b[p] != 10) goto fail;
    *line_end = p;
  } else if (p != e)
    goto fail;
  info[0] = matched;
  info[1] = exp && n == exp_n;
  info[3] = non_ascii;
  return n;
fail:
  info[3] = non_ascii;
  return -1;
}

/**
 * Scans buf[s, e) — offsets from `base`, the address of the caller's view — as one JSON object, matching keys
 * against the first `exp_n` expected keys (exp_n < 0: no expectation). The caller checked that buf[e] is a
 * control byte. Returns the number of keys, -1 when the text is not one valid JSON object, -3 when it does not
 * open with `{` (nothing reset, as in scanner.ts), -2 when it has more keys than the outputs hold.
 */
EXPORT("scan") i32 scan(i32 base, i32 s, i32 e, i32 exp_n) {
  return scan_object(base, s, e, exp_n, WS_ALL, 0);
}

// ─────────────────────────── line batches (the fast path of fastShape.ts, ported) ───────────────────────────
//
// `batch` goes over the lines of a buffer itself while each has the key shape of one of the loaded programs, and
// runs on each the program that fastShape.ts compiled from its plan (batchPlan.ts): the same steps as its
// `extract`, in the same order. Values that fastShape.ts caches by their raw bytes (levels, ids, threads,
// services, pattern outcomes) are looked up in tables here, which hold copies of entries of its caches; an id,
// thread or service a table lacks is left to the caller (def_*), which computes it after the call. Whatever
// else this code cannot finish exactly (another shape, bytes that are not UTF-8, escapes in a time, a level not
// in its table, a time outside the plain ISO form) stops the batch before that line, and the JavaScript path
// takes it.

typedef long long i64;
typedef unsigned long long u64;

/** Rows one batch call writes at most. */
#define ROWS 4096
/** Program words (see P_* below) and the bytes of its `equals` checks. */
#define PROG_WORDS 256
#define POOL_BYTES 4096
#define LIST_CAP 16
/** The value tables: one open-addressing index over every table's entries, keys copied into an arena. */
#define SLOTS (1 << 17)
#define ENTRIES (1 << 16)
#define ARENA_BYTES (4 << 20)
#define MAX_PROBES 64
/** Row values as fastShape.ts writes them. */
#define NONE -1
#define MISSING -2
#define NULL_VALUE -3
#define TRACE_WORDS -7
#define DEFERRED -9
#define F_SPAN_PACKED 1
#define F_PARENT_PACKED 4
#define F_ERROR 16
#define LOCATION_DEFERRED -2
#define DEFERRED_LEN_BITS 11

// program layout (int32 words): list lengths, then entries
#define P_EXPN 0
#define P_ERROR_LEVEL 1
#define P_NCONT 2
#define P_CONT 3 /* LIST_CAP key indexes */
#define P_NCHK 19
#define P_CHK 20 /* LIST_CAP × 5: kind (1 equals, 2 types, 3 matches), key, expected outcome, a, b */
#define P_NTIME 100
#define P_TIME 101 /* LIST_CAP × 2: key, decode (TIME_*; 0 other) */
#define P_LEVEL_CONST 133
#define P_NLEVEL 134
#define P_LEVEL 135 /* LIST_CAP × 3: table, first key, last key */
#define P_TRACE 183 /* table (-1: none), first, last, 32-hex words (0/1) */
#define P_CORR 187  /* table, first, last */
#define P_THREAD 190
#define P_SERVICE 193
#define P_SPAN 196   /* key of a 16-hex span id (-1: none) */
#define P_PARENT 197 /* key of a 16-hex parent id (-1: none) */
#define P_LOC 198    /* first, last key of a deferred location (-1: none) */
#define P_NERR 200
#define P_ERR 201 /* LIST_CAP keys */
#define P_FORMAT 217

/** Programs loaded at once (lines alternating between shapes, such as records with and without a stack trace). */
#define PROGS 4
/** Key bytes and keys of a program's shape. */
#define PKEY_BYTES 4096
#define PKEYS 256

static i32 progs[PROGS][PROG_WORDS];
static u8 pools[PROGS][POOL_BYTES];
static u8 pkeys[PROGS][PKEY_BYTES + PAD] __attribute__((aligned(16)));
static i32 pends[PROGS][PKEYS];
/** The program being run, and its pool. */
static const i32 *prog;
static const u8 *pool;

static double out_time[ROWS];
static i32 out_sub[ROWS];
static u8 out_level[ROWS];
static u8 out_flags[ROWS];
static i32 out_format[ROWS];
static i32 out_trace[ROWS];
static u32 out_words[ROWS * 4];
static i32 out_thread[ROWS];
static i32 out_service[ROWS];
static i32 out_corr[ROWS];
static u32 out_span_hi[ROWS];
static u32 out_span_lo[ROWS];
static u32 out_parent_hi[ROWS];
static u32 out_parent_lo[ROWS];
static i32 out_location[ROWS];
static u32 out_line[ROWS];
static double out_offset[ROWS];
static double out_length[ROWS];
/**
 * Values the rows of a batch left to the caller: row, field (0 trace, 1 correlation, 2 thread, 3 service),
 * table, the raw value's address and length (the table's key), the value's start and end (offsets from the
 * buffer's address), its type | flags << 8 and the program's slot; bstate[11] says how many.
 */
#define DEF_CAP (ROWS * 2)
static i32 def_row[DEF_CAP];
static i32 def_field[DEF_CAP];
static i32 def_table[DEF_CAP];
static i32 def_key[DEF_CAP];
static i32 def_key_len[DEF_CAP];
static i32 def_val[DEF_CAP];
static i32 def_val_end[DEF_CAP];
static i32 def_type[DEF_CAP];
static i32 def_slot[DEF_CAP];
static i32 n_def;

/**
 * After a batch: [0] where it stopped (a line start), [1] why (0: no whole line left, the range's end or the
 * row limit; 1: the line needs the JavaScript path; 2: a table lacks the line's value), [2] the table, [3] and
 * [4] the value's address and length; [5]–[8] whether any row has a service, correlation, parent, location;
 * [9] the newline ending the line it stopped at (when [1] is 1 or 2); [10] the program of the last line; [11]
 * the values left to the caller (def_*).
 */
static i32 bstate[16];

static i32 slots[SLOTS];
static u32 ent_hash[ENTRIES];
static i32 ent_table[ENTRIES];
static i32 ent_off[ENTRIES];
static i32 ent_len[ENTRIES];
static i32 ent_val[ENTRIES];
static u8 arena[ARENA_BYTES];
static i32 n_entries, arena_used;

EXPORT("prog_ptr") i32 prog_ptr(i32 slot) { return (i32)progs[slot]; }
EXPORT("pool_ptr") i32 pool_ptr(i32 slot) { return (i32)pools[slot]; }
EXPORT("pkeys_ptr") i32 pkeys_ptr(i32 slot) { return (i32)pkeys[slot]; }
EXPORT("pends_ptr") i32 pends_ptr(i32 slot) { return (i32)pends[slot]; }
EXPORT("bstate_ptr") i32 bstate_ptr(void) { return (i32)bstate; }
EXPORT("out_ptr") i32 out_ptr(i32 which) {
  switch (which) {
    case 0: return (i32)out_time;
    case 1: return (i32)out_sub;
    case 2: return (i32)out_level;
    case 3: return (i32)out_flags;
    case 4: return (i32)out_trace;
    case 5: return (i32)out_words;
    case 6: return (i32)out_thread;
    case 7: return (i32)out_service;
    case 8: return (i32)out_corr;
    case 9: return (i32)out_span_hi;
    case 10: return (i32)out_span_lo;
    case 11: return (i32)out_parent_hi;
    case 12: return (i32)out_parent_lo;
    case 13: return (i32)out_location;
    case 14: return (i32)out_line;
    case 15: return (i32)out_offset;
    case 16: return (i32)out_length;
    case 17: return (i32)out_format;
    case 18: return (i32)def_row;
    case 19: return (i32)def_field;
    case 20: return (i32)def_table;
    case 21: return (i32)def_key;
    case 22: return (i32)def_key_len;
    case 23: return (i32)def_val;
    case 24: return (i32)def_val_end;
    case 25: return (i32)def_type;
    case 26: return (i32)def_slot;
  }
  return 0;
}
EXPORT("batch_limits") i32 batch_limits(i32 which) {
  switch (which) {
    case 6: return DEF_CAP;
    case 0: return ROWS;
    case 1: return PROG_WORDS;
    case 2: return POOL_BYTES;
    case 3: return PROGS;
    case 4: return PKEY_BYTES;
    case 5: return PKEYS;
  }
  return LIST_CAP;
}

/**
 * The table and key bytes hashed 16 at a time (the last load masked to the key: it may read up to 15 bytes past
 * it, which keys in the read buffer and its padding allow).
 */
static inline u32 hash_key(i32 table, const u8 *k, i32 len) {
  u64 h = ((u64)(u32)table << 32 | (u32)len) * 0x9e3779b97f4a7c15ULL;
  i32 i = 0;
  for (;; i += 16) {
    v128_t v = wasm_v128_load(k + i);
    if (i + 16 > len) {
      const v128_t iota = wasm_i8x16_make(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
      v = wasm_v128_and(v, wasm_i8x16_lt(iota, wasm_i8x16_splat((signed char)(len - i))));
    }
    u64 a = (u64)wasm_i64x2_extract_lane(v, 0), b = (u64)wasm_i64x2_extract_lane(v, 1);
    h = (h ^ a) * 0xff51afd7ed558ccdULL;
    h = (h ^ (h >> 29) ^ b) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 32;
    if (i + 16 >= len) break;
  }
  return (u32)h;
}

static inline int same_bytes(const u8 *a, const u8 *b, i32 len) {
  i32 j = 0;
  for (; j + 16 <= len; j += 16)
    if (!wasm_i8x16_all_true(wasm_i8x16_eq(wasm_v128_load(a + j), wasm_v128_load(b + j)))) return 0;
  for (; j < len; j++)
    if (a[j] != b[j]) return 0;
  return 1;
}

/**
 * The arena's address, the bytes of it in use and its size: a copy of the module's memory for another thread
 * (scanAhead.ts) leaves out the part not in use.
 */
EXPORT("arena_span") i32 arena_span(i32 which) {
  return which == 0 ? (i32)arena : which == 1 ? arena_used : ARENA_BYTES;
}

/** Empties every table (a cache's values were forgotten, or the tables are full). */
EXPORT("tables_clear") void tables_clear(void) {
  __builtin_memset(slots, 0, sizeof slots);
  n_entries = 0;
  arena_used = 0;
}

/** The value of key k[0, len) in `table`, or MISSING. */
static i32 table_get(i32 table, const u8 *k, i32 len) {
  u32 h = hash_key(table, k, len);
  u32 i = h & (SLOTS - 1);
  for (i32 probes = 0; probes < MAX_PROBES; probes++) {
    i32 slot = slots[i];
    if (slot == 0) return MISSING;
    i32 e = slot - 1;
    if (ent_hash[e] == h && ent_table[e] == table && ent_len[e] == len && same_bytes(arena + ent_off[e], k, len))
      return ent_val[e];
    i = (i + 1) & (SLOTS - 1);
  }
  return MISSING;
}

/** The value of key k[0, len) in `table`, or MISSING (-2). */
EXPORT("table_get") i32 table_value(i32 table, i32 key, i32 len) {
  return len < 0 ? MISSING : table_get(table, (const u8 *)key, len);
}

/**
 * Sets key k[0, len) → value in `table`. A full table set is emptied first; a key that would need a long probe
 * is not added (its lines then keep taking the JavaScript path).
 */
EXPORT("table_set") void table_set(i32 table, i32 key, i32 len, i32 value) {
  const u8 *k = (const u8 *)key;
  if (len < 0 || len > ARENA_BYTES / 16) return;
  if (n_entries == ENTRIES || n_entries * 2 >= SLOTS || arena_used + len > ARENA_BYTES) tables_clear();
  u32 h = hash_key(table, k, len);
  u32 i = h & (SLOTS - 1);
  i32 probes = 0;
  while (slots[i] != 0) {
    i32 e = slots[i] - 1;
    if (ent_hash[e] == h && ent_table[e] == table && ent_len[e] == len && same_bytes(arena + ent_off[e], k, len)) {
      ent_val[e] = value;
      return;
    }
    if (++probes == MAX_PROBES) return;
    i = (i + 1) & (SLOTS - 1);
  }
  i32 e = n_entries++;
  __builtin_memcpy(arena + arena_used, k, (unsigned long)len);
  ent_hash[e] = h;
  ent_table[e] = table;
  ent_off[e] = arena_used;
  ent_len[e] = len;
  ent_val[e] = value;
  arena_used += len;
  slots[i] = e + 1;
}

static inline i32 raw_start(i32 i) { return val_type[i] == VT_STRING ? val_start[i] - 1 : val_start[i]; }
static inline i32 raw_end(i32 i) { return val_type[i] == VT_STRING ? val_end[i] + 1 : val_end[i]; }

/**
 * 16 lower-case hex digits at p as 8 bytes (two digits each, in order) in the low half of the result; *ok is
 * cleared when a byte is not one.
 */
static inline v128_t hex16(const u8 *p, int *ok) {
  v128_t v = wasm_v128_load(p);
  v128_t d = wasm_i8x16_sub(v, wasm_i8x16_splat(48));
  v128_t a = wasm_i8x16_sub(v, wasm_i8x16_splat(97));
  v128_t is_d = wasm_u8x16_lt(d, wasm_i8x16_splat(10));
  v128_t is_a = wasm_u8x16_lt(a, wasm_i8x16_splat(6));
  if (!wasm_i8x16_all_true(wasm_v128_or(is_d, is_a))) *ok = 0;
  v128_t n = wasm_v128_bitselect(d, wasm_i8x16_add(a, wasm_i8x16_splat(10)), is_d);
  // each 16-bit lane holds two digits, the first in its low byte: first × 16 + second
  v128_t pair = wasm_v128_or(wasm_i16x8_shl(wasm_v128_and(n, wasm_i16x8_splat(0xff)), 4), wasm_u16x8_shr(n, 8));
  return wasm_u8x16_narrow_i16x8(pair, pair);
}

/**
 * As interner.ts `readHexWords` (2 or 4 words): 1 for a valid non-zero id, 0 for all zeros, -1 for a byte not
 * lower-case hex.
 */
static i32 read_hex_words(const u8 *p, i32 words, u32 *out) {
  int ok = 1;
  v128_t lo = hex16(p, &ok);
  v128_t x = lo;
  if (words == 4) x = wasm_i64x2_make(wasm_i64x2_extract_lane(lo, 0), wasm_i64x2_extract_lane(hex16(p + 16, &ok), 0));
  if (!ok) return -1;
  // the digits are big-endian within each word
  x = wasm_i8x16_shuffle(x, x, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
  out[0] = (u32)wasm_i32x4_extract_lane(x, 0);
  out[1] = (u32)wasm_i32x4_extract_lane(x, 1);
  u32 any = out[0] | out[1];
  if (words == 4) {
    out[2] = (u32)wasm_i32x4_extract_lane(x, 2);
    out[3] = (u32)wasm_i32x4_extract_lane(x, 3);
    any |= out[2] | out[3];
  }
  return any == 0 ? 0 : 1;
}

/** Whether key i's value is a 16-hex-digit id other than all zeros, read into w[0..1] (a packed span id). */
static inline int packed_id(const u8 *b, i32 i, u32 *w) {
  return val_type[i] == VT_STRING && val_end[i] - val_start[i] == 16 && read_hex_words(b + val_start[i], 2, w) == 1;
}

static inline i32 digits(const u8 *p, i32 n) {
  i32 v = 0;
  for (i32 j = 0; j < n; j++) {
    if (p[j] < 48 || p[j] > 57) return -1;
    v = v * 10 + (p[j] - 48);
  }
  return v;
}

/** Days from 1970-01-01 to y-m-01 (proleptic Gregorian). */
static i64 days_from_civil(i64 y, i64 m) {
  y -= m <= 2;
  i64 era = (y >= 0 ? y : y - 399) / 400;
  i64 yoe = y - era * 400;
  i64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
  i64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/**
 * decode.ts `isoParts` for the plain form `YYYY-MM-DDTHH:MM:SS[.fraction][Z|z|±HH[[:]MM]]` (years from 100 on):
 * 1 with the time written, 0 when the text is not in that form or the decoder would reject it (the caller then
 * leaves the line to the JavaScript path, which knows every other form).
 */
static int iso_time(const u8 *b, i32 s, i32 e, double *ms_out, i32 *sub_out) {
  i32 n = e - s;
  if (n < 19 || n > 48) return 0;
  const u8 *p = b + s;
  if (p[4] != 45 || p[7] != 45 || p[10] != 84 || p[13] != 58 || p[16] != 58) return 0;
  i32 y = digits(p, 4), mo = digits(p + 5, 2), d = digits(p + 8, 2);
  i32 h = digits(p + 11, 2), mi = digits(p + 14, 2), sec = digits(p + 17, 2);
  if ((y | mo | d | h | mi | sec) < 0 || y < 100) return 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 60) return 0;
  i32 q = 19;
  i32 frac_ms = 0, frac_ns = 0;
  if (q < n && (p[q] == 46 || p[q] == 44)) {
    i32 fs = ++q;
    while (q < n && p[q] >= 48 && p[q] <= 57) q++;
    if (q == fs) return 0;
    for (i32 j = 0; j < 9; j++) {
      i32 dg = fs + j < q ? p[fs + j] - 48 : 0;
      if (j < 3) frac_ms = frac_ms * 10 + dg;
      else frac_ns = frac_ns * 10 + dg;
    }
  }
  i64 offset_min = 0;
  if (q < n) {
    u8 z = p[q];
    if (z == 90 || z == 122) q++;
    else if (z == 43 || z == 45) {
      i32 oh = q + 3 <= n ? digits(p + q + 1, 2) : -1, om = 0;
      if (oh < 0) return 0;
      q += 3;
      if (q < n) {
        if (p[q] == 58) q++;
        om = q + 2 <= n ? digits(p + q, 2) : -1;
        if (om < 0) return 0;
        q += 2;
      }
      if (oh > 23 || om > 59) return 0;
      offset_min = (z == 45 ? -1 : 1) * (i64)(oh * 60 + om);
    } else return 0;
  }
  if (q != n) return 0;
  i64 days = days_from_civil(y, mo) + d - 1;
  i64 ms = days * 86400000LL + (i64)h * 3600000LL + (i64)mi * 60000LL + (i64)sec * 1000LL;
  ms -= offset_min * 60000LL;
  *ms_out = (double)(ms + frac_ms);
  *sub_out = frac_ns;
  return 1;
}

/** Looks up the raw bytes of keys first…last in `table`; a miss is written to bstate for the caller. */
static inline i32 lookup(const u8 *b, i32 table, i32 first, i32 last) {
  i32 s = raw_start(first), e = raw_end(last);
  i32 v = table_get(table, b + s, e - s);
  if (v == MISSING) {
    bstate[2] = table;
    bstate[3] = (i32)(b + s);
    bstate[4] = e - s;
  }
  return v;
}

#define STOP_JS 1
#define STOP_MISS 2
/** Time rules a program decodes (others stop the batch when reached). */
#define TIME_ISO 1
#define TIME_EPOCH_MS 2
#define TIME_EPOCH_S 3

/** Runs the program on the scanned line (starting at b[ls]) into row r; 0 when done, else why it stopped. */
static int run_program(const u8 *b, i32 ls, i32 r) {
  for (i32 c = 0; c < prog[P_NCONT]; c++) {
    i32 i = prog[P_CONT + c];
    u8 vt = val_type[i];
    if ((vt == VT_OBJECT || vt == VT_ARRAY) && val_end[i] - val_start[i] != 2) return STOP_JS;
  }
  for (i32 c = 0; c < prog[P_NCHK]; c++) {
    const i32 *ch = prog + P_CHK + c * 5;
    i32 i = ch[1];
    int ok;
    if (ch[0] == 1) {
      i32 s = raw_start(i), e = raw_end(i);
      ok = e - s == ch[4] && same_bytes(b + s, pool + ch[3], ch[4]);
    } else if (ch[0] == 3) {
      i32 v = lookup(b, ch[3], i, i);
      if (v == MISSING) return STOP_MISS;
      ok = v == 1;
    } else {
      ok = ((ch[3] >> val_type[i]) & 1) && !(ch[4] && (flags[i] & 2));
    }
    if (ok != ch[2]) return STOP_JS;
  }
  double tms = __builtin_nan("");
  i32 sub = 0;
  for (i32 t = 0; t < prog[P_NTIME]; t++) {
    i32 i = prog[P_TIME + t * 2];
    u8 vt = val_type[i];
    if (vt != VT_STRING && vt != VT_NUMBER) {
      if (vt == VT_OBJECT || vt == VT_ARRAY) return STOP_JS;
      continue;
    }
    i32 kind = prog[P_TIME + t * 2 + 1];
    if (kind == TIME_ISO) {
      if (vt == VT_NUMBER) continue; // an ISO rule never decodes a number
      if (flags[i] & 1) return STOP_JS;
      if (!iso_time(b, val_start[i], val_end[i], &tms, &sub)) return STOP_JS;
      break;
    }
    if (kind != TIME_EPOCH_MS && kind != TIME_EPOCH_S) return STOP_JS;
    // decode.ts `epochParts` for a whole non-negative number of ms or s; other numbers and texts take its other paths
    if (vt != VT_NUMBER || (flags[i] & 2)) return STOP_JS;
    i64 v = 0;
    for (i32 p = val_start[i]; p < val_end[i]; p++) {
      if (b[p] < 48 || b[p] > 57) return STOP_JS;
      v = v * 10 + (b[p] - 48);
    }
    if (kind == TIME_EPOCH_S) v *= 1000;
    if (v > 9007199254740991LL) return STOP_JS;
    tms = (double)v;
    break;
  }
  out_time[r] = tms;
  out_sub[r] = sub;
  i32 level = prog[P_LEVEL_CONST];
  if (prog[P_NLEVEL] > 0) {
    level = 0;
    for (i32 j = 0; j < prog[P_NLEVEL] && level == 0; j++) {
      const i32 *lp = prog + P_LEVEL + j * 3;
      level = lookup(b, lp[0], lp[1], lp[2]);
      if (level == MISSING) return STOP_MISS;
    }
  }
  out_level[r] = (u8)level;
  u8 fl = 0;
  // trace, correlation, thread, service: a value not in its table is left to the caller (DEFERRED) when the
  // field has one key; it then computes the key after the batch, as the JavaScript path would for the line
  const i32 fields[4] = {P_TRACE, P_CORR, P_THREAD, P_SERVICE};
  i32 vals[4];
  for (int f = 0; f < 4; f++) {
    const i32 *fp = prog + fields[f];
    i32 v = NONE;
    if (fp[0] >= 0) {
      i32 i = fp[1];
      if (f == 0 && prog[P_TRACE + 3] && val_type[i] == VT_STRING && val_end[i] - val_start[i] == 32 &&
          read_hex_words(b + val_start[i], 4, out_words + r * 4) == 1)
        v = TRACE_WORDS;
      else {
        v = lookup(b, fp[0], fp[1], fp[2]);
        if (v == MISSING) {
          if (fp[1] != fp[2] || n_def == DEF_CAP) return STOP_MISS;
          i32 d = n_def++;
          def_row[d] = r;
          def_field[d] = f;
          def_table[d] = fp[0];
          def_key[d] = bstate[3];
          def_key_len[d] = bstate[4];
          def_val[d] = val_start[i];
          def_val_end[d] = val_end[i];
          def_type[d] = val_type[i] | (flags[i] << 8);
          v = DEFERRED;
        } else if (v == NULL_VALUE) v = NONE;
      }
    }
    vals[f] = v;
  }
  out_trace[r] = vals[0];
  out_corr[r] = vals[1];
  out_thread[r] = vals[2];
  out_service[r] = vals[3];
  u32 w[2] = {0, 0};
  if (prog[P_SPAN] >= 0) {
    if (!packed_id(b, prog[P_SPAN], w)) return STOP_JS;
    fl |= F_SPAN_PACKED;
  }
  out_span_hi[r] = w[0];
  out_span_lo[r] = w[1];
  w[0] = w[1] = 0;
  if (prog[P_PARENT] >= 0) {
    if (!packed_id(b, prog[P_PARENT], w)) return STOP_JS;
    fl |= F_PARENT_PACKED;
  }
  out_parent_hi[r] = w[0];
  out_parent_lo[r] = w[1];
  i32 loc = NONE;
  if (prog[P_LOC] >= 0) {
    i32 s = raw_start(prog[P_LOC]);
    i32 rel = s - ls, len = raw_end(prog[P_LOC + 1]) - s;
    if (rel < 0 || rel >= (1 << 16) || len >= (1 << DEFERRED_LEN_BITS)) return STOP_JS;
    loc = LOCATION_DEFERRED - (rel * (1 << DEFERRED_LEN_BITS) + len);
  }
  out_location[r] = loc;
  int err = level >= prog[P_ERROR_LEVEL];
  for (i32 j = 0; !err && j < prog[P_NERR]; j++) {
    i32 i = prog[P_ERR + j];
    u8 vt = val_type[i];
    err = !(vt == VT_NULL || vt == VT_FALSE || (vt == VT_STRING && val_end[i] == val_start[i]));
  }
  if (err) fl |= F_ERROR;
  out_flags[r] = fl;
  out_format[r] = prog[P_FORMAT];
  return 0;
}

/** The first newline at or after p before `len`, or -1 (loads may read up to PAD bytes past it). */
static inline i32 next_newline(const u8 *b, i32 p, i32 len) {
  const v128_t nl = wasm_i8x16_splat(10);
  // 64 bytes a step while none of them is a newline (lines are hundreds of bytes long)
  while (p + 64 <= len) {
    v128_t a = wasm_i8x16_eq(wasm_v128_load(b + p), nl), c = wasm_i8x16_eq(wasm_v128_load(b + p + 16), nl);
    v128_t d = wasm_i8x16_eq(wasm_v128_load(b + p + 32), nl), f = wasm_i8x16_eq(wasm_v128_load(b + p + 48), nl);
    if (wasm_v128_any_true(wasm_v128_or(wasm_v128_or(a, c), wasm_v128_or(d, f)))) break;
    p += 64;
  }
  for (; p < len; p += 16) {
    u32 m = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(b + p), nl));
    if (m != 0) {
      i32 q = p + __builtin_ctz(m);
      return q < len ? q : -1;
    }
  }
  return -1;
}

/** Whether s[0, n) is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), as `isUtf8`. */
static int valid_utf8(const u8 *s, i32 n) {
  i32 i = 0;
  while (i < n) {
    if (i + 16 <= n && wasm_i8x16_bitmask(wasm_v128_load(s + i)) == 0) {
      i += 16;
      continue;
    }
    u8 c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    i32 len = c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (len == 0 || i + len > n) return 0;
    for (i32 j = 1; j < len; j++)
      if ((s[i + j] & 0xc0) != 0x80) return 0;
    u8 c1 = s[i + 1];
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) || (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f))
      return 0;
    i += len;
  }
  return 1;
}

/** Whether the scanned line's n keys are those of program j (byte for byte). */
static int keys_are(const u8 *b, i32 j, i32 n) {
  if (progs[j][P_EXPN] != n) return 0;
  for (i32 i = 0, o = 0; i < n; i++) {
    i32 len = pends[j][i] - o;
    if (key_end[i] - key_start[i] != len || !same_bytes(b + key_start[i], pkeys[j] + o, len)) return 0;
    o = pends[j][i];
  }
  return 1;
}

/**
 * Lines of buf[ls, len) (offsets from `base`, the read buffer's address) while each has the key shape of one of
 * the programs in the slots set in `mask` and that program finishes it, starting with program `cur`; up to `max_rows`
 * rows, and only lines starting before `limit`. `file_base` is the file offset of base[0], `line0` the line
 * number before the first line. Returns the rows written; bstate says where and why it stopped, and [10] the
 * program of the last line.
 */
EXPORT("batch")
i32 batch(i32 base, i32 ls, i32 len, i32 limit, i32 mask, i32 cur, i32 max_rows, double file_base, i32 line0) {
  const u8 *b = (const u8 *)base;
  i32 r = 0, why = 0;
  i32 any_service = 0, any_corr = 0, any_parent = 0, any_loc = 0;
  if (max_rows > ROWS) max_rows = ROWS;
  xb = pkeys[cur];
  xe = pends[cur];
  n_def = 0;
  // a line feed past the bytes: the scan of a line cut at `len` stops there (and is then no whole line)
  u8 *sentinel = (u8 *)b + len, saved = *sentinel;
  *sentinel = 10;
  while (r < max_rows && ls < limit) {
    i32 p = ls, nl = -1;
    while (b[p] == 32 || b[p] == 9) p++;
    i32 n = b[p] == 123 ? scan_object(base, p, len, progs[cur][P_EXPN], WS_LINE, &nl) : -3;
    if (n < 0) {
      // not one object on a line of its own: the JavaScript path reads the line, when it is whole
      nl = next_newline(b, ls, len);
      if (nl < 0) break;
      bstate[9] = nl;
      why = STOP_JS;
      break;
    }
    if (nl >= len) break;
    bstate[9] = nl;
    i32 e = nl;
    if (e > ls && b[e - 1] == 13) e--;
    // a line with bytes ≥ 0x80 is read as the JavaScript path reads it only when it is valid UTF-8
    if (info[3] && !valid_utf8(b + p, e - p)) {
      why = STOP_JS;
      break;
    }
    if (!info[1]) {
      i32 j = 0;
      while (j < PROGS && (j == cur || !((mask >> j) & 1) || !keys_are(b, j, n))) j++;
      if (j == PROGS) {
        why = STOP_JS;
        break;
      }
      cur = j;
      xb = pkeys[cur];
      xe = pends[cur];
    }
    prog = progs[cur];
    pool = pools[cur];
    i32 d0 = n_def;
    why = run_program(b, ls, r);
    if (why != 0) {
      n_def = d0; // the line's left values go with it
      break;
    }
    // (a value left to the caller counts when the caller has it)
    any_service |= out_service[r] != NONE && out_service[r] != DEFERRED;
    any_corr |= out_corr[r] != NONE && out_corr[r] != DEFERRED;
    for (i32 d = d0; d < n_def; d++) def_slot[d] = cur;
    any_parent |= (out_flags[r] & F_PARENT_PACKED) != 0;
    any_loc |= out_location[r] != NONE;
    out_line[r] = (u32)(line0 + r + 1);
    out_offset[r] = file_base + ls;
    out_length[r] = (double)(nl + 1 - ls);
    r++;
    ls = nl + 1;
  }
  *sentinel = saved;
  xb = exp_bytes;
  xe = exp_ends;
  bstate[0] = ls;
  bstate[1] = why;
  bstate[5] = any_service;
  bstate[6] = any_corr;
  bstate[7] = any_parent;
  bstate[8] = any_loc;
  bstate[10] = cur;
  bstate[11] = n_def;
  return r;
}
