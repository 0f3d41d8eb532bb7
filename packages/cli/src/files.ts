import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './output.ts';

/**
 * Reads a JSON file the user may have edited by hand. A syntax error names the file and the
 * line, because "Unexpected token" alone does not tell which of the project's files broke.
 */
export function readJson<T>(file: string, what = 'this file'): T {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : undefined;
    throw new CliError(
      `${path.relative(process.cwd(), file) || file} is not valid JSON${line ? ` (line ${line})` : ''}: ${message}`,
      `fix ${what} by hand (it is plain JSON), or restore it from version control; nothing was changed`,
      'InvalidJson',
    );
  }
}

/** Reads a JSON file when it exists. */
export function readJsonIfExists<T>(file: string, what?: string): T | undefined {
  return existsSync(file) ? readJson<T>(file, what) : undefined;
}

/**
 * Writes JSON with two-space indentation and a final newline, through a temporary file and a
 * rename, so an interrupted command never leaves half a file behind.
 */
export function writeJson(file: string, value: unknown, mode?: number): void {
  writeText(file, `${JSON.stringify(value, null, 2)}\n`, mode);
}

/**
 * Writes a text file atomically (temporary file, then rename), creating its folder; `mode` is
 * the file's permissions from its first byte (0o600 for secrets).
 */
export function writeText(file: string, text: string, mode?: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, mode === undefined ? undefined : { mode });
  renameSync(temporary, file);
}

/** Reads a JSON value given inline (`{...}`), from a file, or from stdin (`-`). */
export async function readJsonInput(source: string): Promise<unknown> {
  let text: string;
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } else if (source.trimStart().startsWith('{')) {
    text = source;
  } else if (existsSync(source)) {
    text = readFileSync(source, 'utf8');
  } else {
    throw new CliError(
      `no file ${source} for the headless input`,
      'pass a JSON object inline, a file name, or - to read it from stdin',
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(
      `the headless input is not valid JSON: ${(err as Error).message}`,
      'pass one JSON object',
      'InvalidJson',
    );
  }
}
