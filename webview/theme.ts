// Colours come only from the VS Code theme's CSS variables, re-read when the theme changes. Services get a
// stable colour: a hash of the name picks from the chart and terminal palettes (red is kept for errors).

export const SERVICE_VARS = [
  'charts-blue', 'charts-green', 'charts-purple', 'charts-orange', 'charts-yellow',
  'terminal-ansiCyan', 'terminal-ansiMagenta', 'terminal-ansiBrightBlue', 'terminal-ansiBrightGreen',
  'terminal-ansiBrightMagenta', 'terminal-ansiBrightCyan', 'terminal-ansiBrightYellow',
];

export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  headerBackground: string;
  labelBackground: string;
  grid: string;
  selection: string;
  hover: string;
  focus: string;
  error: string;
  findMatch: string;
  findBorder: string;
  critical: string;
  contrastBorder: string | null;
  /** High-contrast themes mark the selection with an outline, not a fill. */
  selectionBorder: string | null;
  services: string[];
  /** Indexed by level code: 0 none, 1 trace … 6 fatal. */
  levels: string[];
  font: string;
  highContrast: boolean;
}

export function readPalette(): Palette {
  const root = getComputedStyle(document.documentElement);
  const bodyStyle = getComputedStyle(document.body);
  const v = (...names: string[]): string => {
    for (const n of names) {
      const x = root.getPropertyValue(`--vscode-${n}`).trim();
      if (x) return x;
    }
    // The body's computed text colour is the theme's foreground even when a variable is missing.
    return bodyStyle.color;
  };
  const fg = v('editor-foreground', 'foreground');
  const services = SERVICE_VARS.map((n) => root.getPropertyValue(`--vscode-${n}`).trim()).filter((x) => x);
  const cb = root.getPropertyValue('--vscode-contrastBorder').trim();
  return {
    background: v('editor-background', 'sideBar-background'),
    foreground: fg,
    muted: v('descriptionForeground', 'foreground'),
    headerBackground: v('sideBarSectionHeader-background', 'editorWidget-background', 'editor-background'),
    labelBackground: v('sideBar-background', 'editor-background'),
    grid: v('editorIndentGuide-background1', 'editorIndentGuide-background', 'panel-border', 'widget-border'),
    selection: v('list-activeSelectionBackground', 'editor-selectionBackground'),
    hover: v('list-hoverBackground', 'editor-hoverHighlightBackground'),
    focus: v('focusBorder'),
    error: v('editorError-foreground', 'errorForeground', 'charts-red'),
    findMatch: v('editor-findMatchHighlightBackground', 'editor-findMatchBackground'),
    findBorder: v('editor-findMatchBorder', 'editor-findMatchHighlightBorder', 'focusBorder'),
    critical: v('editor-foreground', 'foreground'),
    contrastBorder: cb || null,
    selectionBorder: root.getPropertyValue('--vscode-list-focusOutline').trim() || root.getPropertyValue('--vscode-contrastActiveBorder').trim() || null,
    services: services.length ? services : [fg],
    levels: [
      v('descriptionForeground'),
      v('disabledForeground', 'descriptionForeground'),
      v('descriptionForeground'),
      v('charts-blue', 'editorInfo-foreground'),
      v('editorWarning-foreground', 'charts-yellow'),
      v('editorError-foreground', 'charts-red'),
      v('charts-red', 'editorError-foreground'),
    ],
    font: `${bodyStyle.fontSize || '13px'} ${v('font-family').replace(/;/g, '') || bodyStyle.fontFamily}`.replace(/^(\d+px) (.*)$/, (_m, s, f) => `${s} ${f}`),
    highContrast: document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light'),
  };
}

/** FNV-1a: the same service name gets the same colour in every trace and every session. */
export function serviceColourIndex(name: string, paletteSize: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % paletteSize;
}

/**
 * Colours for the services on screen: each name starts from its hashed slot, so a service keeps its colour from
 * trace to trace; when two names land on one colour (or the theme gives two slots the same value) the later name
 * in sorted order moves to the next free one, so up to a palette's worth of services never share a colour.
 */
export function assignServiceColours(names: Iterable<string>, palette: readonly string[]): Map<string, string> {
  const colours = [...new Set(palette.map((c) => c.toLowerCase()))];
  const out = new Map<string, string>();
  const used = new Set<number>();
  for (const name of [...new Set(names)].sort()) {
    let k = serviceColourIndex(name, colours.length);
    for (let tries = 0; used.has(k) && tries < colours.length; tries++) k = (k + 1) % colours.length;
    if (used.size < colours.length) used.add(k);
    out.set(name, colours[k]!);
  }
  return out;
}

export const LEVEL_NAMES = ['none', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'];
