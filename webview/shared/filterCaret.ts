// Underlines the mistake in a filter input at the column the host named (the Logs view and the Traces table share
// the filter language and show its errors the same way).

import type { FilterProblem } from '../../src/shared/protocol';

export function placeFilterCaret(
  input: HTMLInputElement,
  caret: HTMLElement,
  filter: string,
  problem: FilterProblem | null,
): void {
  if (!problem || problem.column > filter.length + 1) {
    caret.hidden = true;
    return;
  }
  const style = getComputedStyle(input);
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.font = `${style.fontSize} ${style.fontFamily}`;
  const x0 = parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
  const before = ctx.measureText(filter.slice(0, problem.column - 1)).width;
  const width = Math.max(
    6,
    ctx.measureText(filter.slice(problem.column - 1, problem.column - 1 + problem.length)).width,
  );
  caret.style.left = `${x0 + before - input.scrollLeft}px`;
  caret.style.width = `${width}px`;
  caret.hidden = false;
}
