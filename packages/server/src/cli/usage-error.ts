/**
 * A command line that cannot be run as given; the message says why. In a module of its own so
 * the entry point can recognise it without loading the subcommands.
 */
export class UsageError extends Error {}
