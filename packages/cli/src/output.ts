/**
 * An error the user can act on: `message` says what is wrong, `hint` what to do next. The CLI
 * prints both and exits non-zero; anything else is a bug and is printed with its stack.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly code = 'CliError',
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Where a command's words go. Human text goes to stdout unless `--json` asked for a machine
 * answer, in which case stdout carries exactly one JSON document and the text goes to stderr so
 * a script can still show progress without parsing it.
 */
export class Output {
  constructor(readonly json: boolean) {}

  /** A line for people. */
  say(line = ''): void {
    (this.json ? process.stderr : process.stdout).write(`${line}\n`);
  }

  /** The command's result: printed as JSON with `--json`, otherwise ignored (already said). */
  result(value: unknown): void {
    if (this.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}
