// Colours come only from the VS Code theme's CSS variables, re-read when the theme changes. Services get a
// stable colour from the theme's chart and terminal colours (serviceColours.ts says how; red is kept for errors).

import { SERVICE_HUE_VARS, parseColour, serviceColourTiers, type Rgb } from './serviceColours';

export { assignServiceColours, serviceColourIndex } from './serviceColours';

export interface Palette {
  background: string;
  foreground: string;
  muted: string;
  headerBackground: string;
  labelBackground: string;
  grid: string;
  selection: string;
  /** Text on the selection. */
  selectionForeground: string;
  hover: string;
  focus: string;
  error: string;
  findMatch: string;
  findBorder: string;
  critical: string;
  contrastBorder: string | null;
  /** High-contrast themes mark the selection with an outline, not a fill. */
  selectionBorder: string | null;
  /** Service colours, best first (see `serviceColourTiers`): give them out with `assignServiceColours`. */
  serviceTiers: string[][];
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
  const cb = root.getPropertyValue('--vscode-contrastBorder').trim();
  const highContrast =
    document.body.classList.contains('vscode-high-contrast') ||
    document.body.classList.contains('vscode-high-contrast-light');
  const background = v('editor-background', 'sideBar-background');
  const bg = toRgb(background, [0, 0, 0]) ?? [0, 0, 0];
  const fgRgb = toRgb(fg, bg) ?? contrastFallback(bg);
  const hues: Rgb[] = [];
  for (const n of SERVICE_HUE_VARS) {
    const c = toRgb(root.getPropertyValue(`--vscode-${n}`), bg);
    if (c) hues.push(c);
  }
  return {
    background,
    foreground: fg,
    muted: v('descriptionForeground', 'foreground'),
    headerBackground: v('sideBarSectionHeader-background', 'editorWidget-background', 'editor-background'),
    labelBackground: v('sideBar-background', 'editor-background'),
    grid: v('editorIndentGuide-background1', 'editorIndentGuide-background', 'panel-border', 'widget-border'),
    // High contrast marks the selected row with an outline (selectionBorder): Dark High Contrast has no list
    // selection colour, and its editor selection (white) under the row's text would hide it
    selection:
      highContrast && !root.getPropertyValue('--vscode-list-activeSelectionBackground').trim()
        ? 'transparent'
        : v('list-activeSelectionBackground', 'editor-selectionBackground'),
    selectionForeground: v('list-activeSelectionForeground', 'editor-foreground', 'foreground'),
    hover: v('list-hoverBackground', 'editor-hoverHighlightBackground'),
    focus: v('focusBorder'),
    error: v('editorError-foreground', 'errorForeground', 'charts-red'),
    findMatch: v('editor-findMatchHighlightBackground', 'editor-findMatchBackground'),
    findBorder: v('editor-findMatchBorder', 'editor-findMatchHighlightBorder', 'focusBorder'),
    critical: v('editor-foreground', 'foreground'),
    contrastBorder: cb || null,
    selectionBorder:
      root.getPropertyValue('--vscode-list-focusOutline').trim() ||
      root.getPropertyValue('--vscode-contrastActiveBorder').trim() ||
      null,
    serviceTiers: serviceColourTiers({ hues, background: bg, foreground: fgRgb, highContrast }),
    levels: levelColours(bodyStyle, [
      v('descriptionForeground'),
      v('disabledForeground', 'descriptionForeground'),
      v('descriptionForeground'),
      v('charts-blue', 'editorInfo-foreground'),
      v('editorWarning-foreground', 'charts-yellow'),
      v('editorError-foreground', 'charts-red'),
      v('charts-red', 'editorError-foreground'),
    ]),
    font: `${bodyStyle.fontSize || '13px'} ${v('font-family').replace(/;/g, '') || bodyStyle.fontFamily}`.replace(
      /^(\d+px) (.*)$/,
      (_m, s, f) => `${s} ${f}`,
    ),
    highContrast,
  };
}

/**
 * The pages' level colours (levels.css: the same as the record list's level text), resolved to a colour the canvas
 * takes; `fallback` when the page has no such variable.
 */
function levelColours(bodyStyle: CSSStyleDeclaration, fallback: string[]): string[] {
  const el = document.createElement('span');
  el.hidden = true;
  document.body.append(el);
  const out = LEVEL_NAMES.map((name, i) => {
    if (!bodyStyle.getPropertyValue(`--level-${name}`).trim()) return fallback[i]!;
    el.style.color = `var(--level-${name})`;
    return getComputedStyle(el).color || fallback[i]!;
  });
  el.remove();
  return out;
}

let probe: CanvasRenderingContext2D | null = null;

/** Any CSS colour a theme may use, as RGB over `under`; null when it is not a colour. */
function toRgb(value: string, under: Rgb): Rgb | null {
  const text = value.trim();
  if (!text) return null;
  const direct = parseColour(text, under);
  if (direct) return direct;
  // Named colours, hsl(), …: the canvas reads them back as #rrggbb or rgba().
  if (typeof CSS === 'undefined' || !CSS.supports('color', text)) return null;
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return null;
  probe.fillStyle = '#000000';
  probe.fillStyle = text;
  return parseColour(String(probe.fillStyle), under);
}

function contrastFallback(bg: Rgb): Rgb {
  return bg[0] * 0.299 + bg[1] * 0.587 + bg[2] * 0.114 > 128 ? [0, 0, 0] : [255, 255, 255];
}

export const LEVEL_NAMES = ['none', 'trace', 'debug', 'info', 'warn', 'error', 'fatal'];
