// V8 flags of the `threadline` process, set by its executable (bin.ts) before the command's bundle is compiled.
//
// The young generation stays at its first size: V8 grows it to 16 MB a half-space while the index's results
// stream in, ~40 MB of peak RSS on a 1 GiB file for garbage that dies young anyway (the same CPU time, measured
// side by side). Process-wide: only the command line sets it, never the extension host.
export const CLI_V8_FLAGS = '--semi-space-growth-factor=1';
