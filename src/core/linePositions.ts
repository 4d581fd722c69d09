// Offset → line/character for a reader that walks a text from start to end (the registry reader
// asks for hundreds of thousands of positions, nearly always at or after the previous one).
// Gives the same positions as LineIndex (sourceText.ts).

import type { SourcePosition, SourceRange } from './types';

export class LinePositions {
  /** Offset where each line starts. */
  lineStarts: number[] = [0];
  /** The line of the last position asked for: where the next lookup starts. */
  private lastLine = 0;

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  /** Copies `lineStarts` at its length (pushes left room for more; see FilePlaces.compact). */
  compact(): void {
    this.lineStarts = this.lineStarts.slice();
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): SourcePosition {
    const clamped = offset < 0 ? 0 : offset > this.text.length ? this.text.length : offset;
    const starts = this.lineStarts;
    let line = this.lastLine;
    if (starts[line] <= clamped) {
      // Forward from the last line: a few steps at most while the reader moves on.
      let steps = 0;
      while (line + 1 < starts.length && starts[line + 1] <= clamped && steps < 8) {
        line++;
        steps++;
      }
      if (line + 1 < starts.length && starts[line + 1] <= clamped) line = this.search(clamped, line + 1, starts.length - 1);
    } else {
      line = this.search(clamped, 0, line - 1);
    }
    this.lastLine = line;
    return { line, character: clamped - starts[line], offset: clamped };
  }

  range(start: number, end: number): SourceRange {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** Offset of the end of `line`, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] - 1 : this.text.length;
    return next > this.lineStarts[line] && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
  }

  /** The last line in low..high that starts at or before `offset` (line `low` does). */
  private search(offset: number, low: number, high: number): number {
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}
