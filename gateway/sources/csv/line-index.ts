/**
 * Which file line each record came from, for rejections reported by record position. Storing a
 * line per record would grow with the file; instead only the points where `line − position`
 * changes are kept (a multi-line cell, a skipped row, a row that makes two records), which for an
 * ordinary file is a handful however many rows it has.
 */
export class LineIndex {
  private readonly positions: number[] = [];
  private readonly offsets: number[] = [];

  /** Record `position` (from 0, in the order records reach the ingest) came from `line`. */
  add(position: number, line: number): void {
    const offset = line - position;
    if (this.offsets.at(-1) !== offset) {
      this.positions.push(position);
      this.offsets.push(offset);
    }
  }

  lineOf(position: number): number {
    let low = 0;
    let high = this.positions.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.positions[middle]! <= position) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found < 0 ? position + 2 : position + this.offsets[found]!;
  }

  get size(): number {
    return this.positions.length;
  }
}
