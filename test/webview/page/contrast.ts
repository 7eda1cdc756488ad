// WCAG contrast of text as Chromium draws it, measured in the test pages of both webviews.

import type { Page } from 'playwright-core';

/**
 * Installs on the page `rgbaOf(cssColour)` (any colour syntax Chromium knows, color-mix too, as RGBA bytes) and
 * `contrastsOf(selector)`: the WCAG contrast of each match's text against what is behind it (backgrounds composited
 * up to the page). Plain page script: helpers the test's compiler adds would not exist there.
 */
export const CONTRAST_SCRIPT = `
(() => {
  if (window.contrastsOf) return;
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const rgbaOf = (c) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000';
    ctx.fillStyle = c.trim() || 'transparent';
    ctx.fillRect(0, 0, 1, 1);
    return [...ctx.getImageData(0, 0, 1, 1).data];
  };
  const over = (top, under) => {
    const a = top[3] / 255;
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(255);
  };
  const behind = (e) => {
    if (!e) return [255, 255, 255, 255];
    const bg = rgbaOf(getComputedStyle(e).backgroundColor);
    return bg[3] === 255 ? bg : over(bg, behind(e.parentElement));
  };
  const lum = (c) => {
    const [r, g, b] = [0, 1, 2].map((i) => {
      const x = c[i] / 255;
      return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  window.rgbaOf = rgbaOf;
  window.contrastsOf = (selector) =>
    [...document.querySelectorAll(selector)].map((e) => {
      const back = behind(e);
      const fore = over(rgbaOf(getComputedStyle(e).color), back);
      const [a, b] = [lum(fore) + 0.05, lum(back) + 0.05];
      const rgb = (c) => 'rgb(' + c.slice(0, 3).map(Math.round).join(',') + ')';
      return {
        text: (e.textContent || '').slice(0, 40),
        colour: rgb(fore),
        background: rgb(back),
        ratio: Math.round((Math.max(a, b) / Math.min(a, b)) * 100) / 100,
      };
    });
})()`;

export interface Contrast {
  text: string;
  colour: string;
  background: string;
  ratio: number;
}

/** The contrast of the text of each element `selector` matches against what is behind it. */
export async function contrastsOf(page: Page, selector: string): Promise<Contrast[]> {
  await page.evaluate(CONTRAST_SCRIPT);
  return page.evaluate(
    (sel) => (window as unknown as { contrastsOf: (s: string) => Contrast[] }).contrastsOf(sel),
    selector,
  );
}

/** The colour a page-side CSS colour expression evaluates to, as RGBA bytes. */
export async function rgbaIn(page: Page, cssExpression: string): Promise<number[]> {
  await page.evaluate(CONTRAST_SCRIPT);
  return page.evaluate(`window.rgbaOf(${cssExpression})`);
}
