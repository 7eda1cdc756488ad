// Which colour each service gets. Only the theme's own colours are used: its chart and terminal colours as
// they are, then mixes of those with the theme's foreground and background (what CSS `color-mix` would give),
// so a theme change recolours everything. Colours are compared in OKLab, where distance follows what the eye
// sees: a theme colour too close to one already taken (Dark Modern's charts-green and ansiBrightGreen, or
// Light Modern's charts-orange and charts-yellow) would make two services look alike, so it waits for a later
// tier, taken only when every clearly different colour is.

export type Rgb = readonly [number, number, number];

/**
 * Theme variables offered to services, in order of preference. Red is not among them: the timeline draws
 * errors in red (outline, label, marker), and a red service would read as a failure.
 */
export const SERVICE_HUE_VARS = [
  'charts-blue',
  'charts-orange',
  'charts-purple',
  'charts-green',
  'charts-yellow',
  'terminal-ansiCyan',
  'terminal-ansiMagenta',
  'terminal-ansiBrightBlue',
  'terminal-ansiBrightGreen',
  'terminal-ansiBrightMagenta',
  'terminal-ansiBrightCyan',
  'terminal-ansiBrightYellow',
];

/**
 * Least OKLab distance between two service colours (a just-noticeable difference is about 0.02): at this
 * distance two bars side by side are told apart at a glance.
 */
export const MIN_SERVICE_DISTANCE = 0.12;
/**
 * Least hue difference (OKLab ΔH: the part of the distance that is hue, not lightness or saturation) within the
 * first tier: a pale and a vivid green are apart by distance yet read as one family, so the first services
 * get different hues and lighter or darker ones come after.
 */
export const MIN_HUE_DIFFERENCE = 0.08;
/** Below this, two colours pass for one even side by side. */
const MIN_SIDE_BY_SIDE_DISTANCE = 0.05;
/** Mixes of a theme colour with the foreground (lighter on dark themes) and the background (darker), in order. */
const VARIANT_MIXES: readonly { toward: 'foreground' | 'background'; amount: number }[] = [
  { toward: 'foreground', amount: 0.5 },
  { toward: 'background', amount: 0.4 },
];
/** Bars of derived colours must stand out from the background (WCAG's 3:1 for graphics; more in high contrast). */
const MIN_CONTRAST = 3;
const MIN_CONTRAST_HC = 4.5;

/**
 * `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()` / `rgba()` (what
 * a canvas's fillStyle reads back as), composited over `under`.
 */
export function parseColour(text: string, under: Rgb = [0, 0, 0]): Rgb | null {
  const s = text.trim().toLowerCase();
  let r: number,
    g: number,
    b: number,
    a = 1;
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    const h = hex[1]!;
    if (h.length === 3 || h.length === 4) {
      [r, g, b] = [0, 1, 2].map((i) => parseInt(h[i]! + h[i]!, 16)) as [number, number, number];
      if (h.length === 4) a = parseInt(h[3]! + h[3]!, 16) / 255;
    } else if (h.length === 6 || h.length === 8) {
      [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
      if (h.length === 8) a = parseInt(h.slice(6, 8), 16) / 255;
    } else return null;
  } else {
    const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(s);
    if (!fn) return null;
    [r, g, b] = [fn[1], fn[2], fn[3]].map(Number) as [number, number, number];
    if (fn[4] !== undefined) a = fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : Number(fn[4]);
  }
  if (![r, g, b, a].every(Number.isFinite)) return null;
  a = Math.min(1, Math.max(0, a));
  return [r, g, b].map((c, i) => Math.round(c * a + under[i]! * (1 - a))) as unknown as Rgb;
}

export function rgbText([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** sRGB mix, as CSS `color-mix(in srgb, a, b amount)`. */
export function mix(a: Rgb, b: Rgb, amount: number): Rgb {
  return [0, 1, 2].map((i) => Math.round(a[i]! * (1 - amount) + b[i]! * amount)) as unknown as Rgb;
}

const linear = (c: number): number => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

export function oklab(rgb: Rgb): [number, number, number] {
  const [r, g, b] = rgb.map(linear) as [number, number, number];
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

/** Perceived difference (OKLab Euclidean distance): 0 same, ~0.02 just noticeable, 1 black to white. */
export function colourDistance(a: Rgb, b: Rgb): number {
  const x = oklab(a),
    y = oklab(b);
  return Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2]);
}

/** OKLab ΔH: how far apart two colours are in hue alone, weighted by their saturation (grey has no hue). */
export function hueDifference(a: Rgb, b: Rgb): number {
  const [, a1, b1] = oklab(a),
    [, a2, b2] = oklab(b);
  const c1 = Math.hypot(a1, b1),
    c2 = Math.hypot(a2, b2);
  let dh = Math.abs(Math.atan2(b1, a1) - Math.atan2(b2, a2));
  if (dh > Math.PI) dh = 2 * Math.PI - dh;
  return 2 * Math.sqrt(c1 * c2) * Math.sin(dh / 2);
}

/** WCAG contrast ratio, 1 to 21. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const lum = (c: Rgb) => 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2]);
  const [hi, lo] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export interface ServiceColourTheme {
  /** The theme's values of `SERVICE_HUE_VARS`, in that order (missing ones left out), already parsed. */
  hues: readonly Rgb[];
  background: Rgb;
  foreground: Rgb;
  highContrast: boolean;
}

/**
 * Service colours in tiers, each colour clearly apart from every one before it and from the background:
 * first the theme's colours of different hues, then its other colours (other lightness or saturation of a hue
 * already taken), then the first tier mixed toward the foreground (lighter on dark themes), then toward the
 * background (a derived colour only when it stands out from the background). Services take a tier before the
 * next, so the first `tiers[0].length` services on screen never share a hue. A last tier holds what was left
 * out for being close to a colour taken but is still told apart side by side, so the services of a big trace
 * share a colour as late as possible.
 */
export function serviceColourTiers(t: ServiceColourTheme): string[][] {
  const taken: Rgb[] = [];
  const apart = (c: Rgb, min: number) =>
    colourDistance(c, t.background) >= min && taken.every((x) => colourDistance(c, x) >= min);
  const hues: Rgb[] = [];
  const others: Rgb[] = [];
  for (const c of t.hues) {
    if (apart(c, MIN_SERVICE_DISTANCE) && hues.every((x) => hueDifference(c, x) >= MIN_HUE_DIFFERENCE)) {
      taken.push(c);
      hues.push(c);
    } else others.push(c);
  }
  // A theme with no usable colour still draws bars: in its foreground, the one colour sure to show.
  if (hues.length === 0) return [[rgbText(t.foreground)]];
  const tiers = [hues.map(rgbText)];
  const leftOut: Rgb[] = [];
  const fill = (candidates: Rgb[]) => {
    const tier: string[] = [];
    for (const c of candidates) {
      if (apart(c, MIN_SERVICE_DISTANCE)) {
        taken.push(c);
        tier.push(rgbText(c));
      } else leftOut.push(c);
    }
    if (tier.length) tiers.push(tier);
  };
  fill(others);
  const minContrast = t.highContrast ? MIN_CONTRAST_HC : MIN_CONTRAST;
  for (const v of VARIANT_MIXES) {
    const toward = v.toward === 'foreground' ? t.foreground : t.background;
    fill(hues.map((c) => mix(c, toward, v.amount)).filter((c) => contrastRatio(c, t.background) >= minContrast));
  }
  const last: string[] = [];
  for (const c of leftOut) {
    if (apart(c, MIN_SIDE_BY_SIDE_DISTANCE)) {
      taken.push(c);
      last.push(rgbText(c));
    }
  }
  if (last.length) tiers.push(last);
  return tiers;
}

/** FNV-1a: the same service name starts from the same colour in every trace and every session. */
export function serviceColourIndex(name: string, size: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % size;
}

/**
 * Colours for the services on screen. Each name (in sorted order, so arrival order does not matter) takes its
 * hashed slot in the first tier that has a free one, moving to the next free slot of that tier when taken:
 * a service alone keeps its colour from trace to trace, and as many services as the first tier holds get
 * colours that are clearly apart. Once every slot is taken, names share (by hash, in the first tier).
 */
export function assignServiceColours(
  names: Iterable<string>,
  tiers: readonly (readonly string[])[],
): Map<string, string> {
  const seen = new Set<string>();
  const slots = tiers
    .map((tier) => tier.map((c) => c.toLowerCase()).filter((c) => !seen.has(c) && (seen.add(c), true)))
    .filter((tier) => tier.length > 0);
  const out = new Map<string, string>();
  if (slots.length === 0) return out;
  const used = new Set<string>();
  for (const name of [...new Set(names)].sort()) {
    let colour: string | null = null;
    for (const tier of slots) {
      const k = serviceColourIndex(name, tier.length);
      for (let i = 0; i < tier.length && colour === null; i++) {
        const c = tier[(k + i) % tier.length]!;
        if (!used.has(c)) colour = c;
      }
      if (colour !== null) break;
    }
    colour ??= slots[0]![serviceColourIndex(name, slots[0]!.length)]!;
    used.add(colour);
    out.set(name, colour);
  }
  return out;
}
