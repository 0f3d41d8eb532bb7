// Queries built and compiled once, then run with new parameters: on the sign-in path, building a
// query with Kysely (its operation-node tree, then the compile) costs more than SQLite takes to
// run it. The SQL text depends on the dialect, so each store compiles its own copy.
import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './tables.ts';

/** The store's Kysely instance (open.ts's Db, named here without importing open.ts, which imports this). */
type Db = Kysely<Database>;

const MARK = '\u0000cognate-param:';

/**
 * A query compiled on first use for each store, then run with `args` filling its named
 * parameters. `build` receives `param(name)`, a placeholder accepted where a value goes (in
 * `where`, `values`, `set`); every value that varies must be one, while constants may be literal.
 *
 * @example
 *   const byId = precompile<{ id: string }, UserRow>((db, p) =>
 *     db.selectFrom('users').selectAll().where('id', '=', p('id')));
 *   const rows = await byId.execute(db, { id });
 */
export function precompile<Args extends Record<string, unknown>, Row = unknown>(
  // A placeholder types as `never`, which fits wherever the builder takes a value.
  build: (db: Db, param: (name: keyof Args & string) => never) => Compilable,
): PrecompiledQuery<Args, Row> {
  return new PrecompiledQuery(build as (db: Db, param: (name: string) => never) => Compilable);
}

interface Compiled {
  sql: string;
  query: CompiledQuery['query'];
  /** For each parameter, the name of its argument, or the constant it was built with. */
  slots: ({ name: string } | { value: unknown })[];
}

/** See {@link precompile}. */
export class PrecompiledQuery<Args extends Record<string, unknown>, Row> {
  // Keyed by the store's adapter: a transaction shares it with the store it runs on.
  readonly #compiled = new WeakMap<object, Compiled>();
  readonly #build: (db: Db, param: (name: string) => never) => Compilable;

  constructor(build: (db: Db, param: (name: string) => never) => Compilable) {
    this.#build = build;
  }

  #compile(db: Db): Compiled {
    const key = db.getExecutor().adapter;
    let compiled = this.#compiled.get(key);
    if (!compiled) {
      const query = this.#build(db, (name) => `${MARK}${name}` as never).compile();
      compiled = {
        sql: query.sql,
        query: query.query,
        slots: query.parameters.map((p) =>
          typeof p === 'string' && p.startsWith(MARK)
            ? { name: p.slice(MARK.length) }
            : { value: p },
        ),
      };
      this.#compiled.set(key, compiled);
      if (!preparedNames.has(query.sql))
        preparedNames.set(query.sql, `cognate_${preparedNames.size}`);
    }
    return compiled;
  }

  /** Runs the query on `db` (a store or a transaction) with `args`. */
  execute(db: Db, args: Args): Promise<QueryResult<Row>> {
    const { sql, query, slots } = this.#compile(db);
    const parameters = new Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      parameters[i] = 'name' in slot ? args[slot.name] : slot.value;
    }
    return db.executeQuery<Row>({ sql, query, parameters, queryId: NO_ID } as CompiledQuery<Row>);
  }

  /** The rows the query returns. */
  async rows(db: Db, args: Args): Promise<Row[]> {
    return (await this.execute(db, args)).rows;
  }

  /** The first row the query returns, if any. */
  async first(db: Db, args: Args): Promise<Row | undefined> {
    return (await this.execute(db, args)).rows[0];
  }
}

/**
 * The SQL text of every precompiled query → a name for it, which the PostgreSQL driver sends
 * with it (store/open.ts): the server then parses and plans it once per connection, not per
 * call. SQLite's driver caches its prepared statements by text already (sqlite-dialect.ts).
 */
export const preparedNames = new Map<string, string>();

/** Kysely wants a query id; it only uses it to tell plugins' queries apart, and we have none. */
const NO_ID = CompiledQuery.raw('').queryId;
