// V8 flags of the `threadline` process, set once the command's bundle has loaded (by the threads the executable
// started, as they start, or by the command: see src/core/index/v8Flags.ts). Process-wide: only the command line
// sets them, never the extension host.
//
// The young generation stays at its first size: V8 grows it to 16 MB a half-space while the index's results
// stream in, ~40 MB of peak RSS on a 1 GiB file for garbage that dies young anyway (the same CPU time, measured
// side by side).
//
// A smaller budget for inlining into an optimised function (300 bytes of bytecode in all, V8's default 920): a
// run is short, and its optimising compiles take a third of its CPU (0.26 s of a 256 MiB `stats`, on threads
// that share the machine's cores with the command's own). Measured on 2 cores, `stats` of 256 MiB: 0.71 → 0.68 s
// on one core, 0.70 → 0.67 CPU s on two; 1 GiB and `query` runs (filters, sorts, groupings) the same or faster.
export const CLI_V8_FLAGS = '--semi-space-growth-factor=1 --max-inlined-bytecode-size-cumulative=300';
