// The Amplify CLI takes both orders: `amplify add auth` and `amplify auth add`, `amplify console
// auth` and `amplify auth console`, and `amplify auth push` to push that category alone. Its docs
// use both, so cognate takes both: the category-first forms are rewritten to the verb-first
// commands before parsing.

/** The verbs `cognate auth <verb>` takes, and the command each is. */
export const AUTH_VERBS: Record<string, string[]> = {
  add: ['add', 'auth'],
  update: ['update', 'auth'],
  remove: ['remove', 'auth'],
  import: ['import', 'auth'],
  // A project has only the auth category, so pushing it alone is pushing.
  push: ['push'],
  console: ['console', 'auth'],
  status: ['status'],
};

/** `argv` (node, script, args…) with Amplify's category-first forms turned verb-first. */
export function amplifyForms(argv: string[]): string[] {
  const args = argv.slice(2);
  // The first word that is not an option is the command (`--json` may come first).
  const at = args.findIndex((a) => !a.startsWith('-'));
  if (at < 0 || args[at] !== 'auth') return argv;
  const verb = args[at + 1];
  const command = verb ? AUTH_VERBS[verb] : undefined;
  if (!command) return argv;
  return [...argv.slice(0, 2), ...args.slice(0, at), ...command, ...args.slice(at + 2)];
}
