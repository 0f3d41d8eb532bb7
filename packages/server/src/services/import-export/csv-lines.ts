// The reader of Cognito's user import CSV: one record per line, values separated by commas, a
// comma inside a value written `\,` (values are not quoted, though a value wrapped whole in
// double quotes is unwrapped). Line-based on purpose: a stray quote or an overlong row costs
// that row only, never the rows after it, and every line is accounted for.

/** One non-blank line of the file. */
export interface CsvLine {
  /** 1-based line number in the file. */
  line: number;
  /** The values, trimmed, `\,` restored to `,`; absent when the line is too long. */
  fields?: string[];
  /** The line was longer than the limit (its text is not kept). */
  tooLong?: boolean;
}

/** Splits one line into values: commas not preceded by a backslash separate them. */
export function splitCsvLine(text: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === ',') {
      current += ',';
      i++;
    } else if (c === ',') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields.map(unquote);
}

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
    return value.slice(1, -1).replaceAll('""', '"');
  return value;
}

/**
 * The file's non-blank lines, from text pieces in order. A line longer than `maxChars` is
 * reported as too long without being held in memory. A leading byte-order mark is dropped;
 * `\r\n` and `\n` both end lines.
 */
export async function* csvLines(
  pieces: AsyncIterable<string>,
  maxChars: number,
): AsyncGenerator<CsvLine> {
  let line = 1;
  let current = '';
  let tooLong = false;
  let first = true;
  const finish = (): CsvLine | undefined => {
    const text = current.endsWith('\r') ? current.slice(0, -1) : current;
    const out: CsvLine | undefined = tooLong
      ? { line, tooLong: true }
      : text.trim() === ''
        ? undefined
        : { line, fields: splitCsvLine(text) };
    current = '';
    tooLong = false;
    line++;
    return out;
  };
  for await (let piece of pieces) {
    if (first) {
      if (piece.startsWith('\uFEFF')) piece = piece.slice(1);
      first = false;
    }
    let start = 0;
    for (;;) {
      const nl = piece.indexOf('\n', start);
      const part = piece.slice(start, nl < 0 ? undefined : nl);
      if (!tooLong) {
        current += part;
        if (current.length > maxChars + 1) {
          tooLong = true;
          current = '';
        }
      }
      if (nl < 0) break;
      const done = finish();
      if (done) yield done;
      start = nl + 1;
    }
  }
  if (current !== '' || tooLong) {
    const done = finish();
    if (done) yield done;
  }
}
