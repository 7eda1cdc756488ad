// Log strings are hostile: they reach the page only as text (textContent, fillText), and the characters that
// could disguise them — bidi overrides ("Trojan Source"), control characters, line breaks — are shown as
// visible escapes instead of acting on the surrounding UI.

const DISGUISING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function safeText(s: string, max = 2000): string {
  const clipped = s.length > max ? `${s.slice(0, max)}…` : s;
  return clipped
    .replace(DISGUISING, (c) => `\u2039U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}\u203a`)
    .replace(/\r?\n|\t/g, (c) => (c === '\t' ? ' ' : ' \u23ce '));
}

/** Create an element whose content is `text` as text, never as markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}
