// The console's built pages: `@cognate/console`'s dist/ folder (index.html and hashed assets),
// found through the package, or beside the server in the repository's packages/ folder (the
// server runs from src/ under tsx or bundled from dist/, so a fixed relative path would not do).
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONSOLE_PACKAGE = '@cognate/console';

function isConsolePackage(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return manifest.name === CONSOLE_PACKAGE;
  } catch {
    return false;
  }
}

/** The console package's folder, or undefined when it is not installed. */
export function consolePackageDir(from = import.meta.url): string | undefined {
  try {
    const manifest = createRequire(from).resolve(`${CONSOLE_PACKAGE}/package.json`);
    return path.dirname(manifest);
  } catch {
    // not resolvable by name: look for the workspace beside the server's package
  }
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    for (const candidate of [path.join(dir, 'console'), path.join(dir, 'packages', 'console')]) {
      if (isConsolePackage(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A file of the built console, read from disk. */
export interface UiFile {
  body: Buffer;
  contentType: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** The built console's files, read from its dist/ folder on each request (it may be rebuilt). */
export class UiFiles {
  readonly distDir: string | undefined;

  constructor(packageDir = consolePackageDir()) {
    this.distDir = packageDir && path.join(packageDir, 'dist');
  }

  /** True when the console has been built. */
  built(): boolean {
    return this.distDir !== undefined && existsSync(path.join(this.distDir, 'index.html'));
  }

  /**
   * A file by its path under dist/ (`index.html`, `assets/index-1a2b.js`), or undefined when
   * there is none. Names with `..`, hidden names or odd characters are never read.
   */
  async read(relative: string): Promise<UiFile | undefined> {
    if (!this.distDir) return undefined;
    const parts = relative.split('/');
    if (parts.some((p) => !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(p))) return undefined;
    const file = path.join(this.distDir, ...parts);
    const contentType = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    try {
      return { body: await readFile(file), contentType };
    } catch {
      return undefined;
    }
  }
}
