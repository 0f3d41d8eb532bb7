import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { settingsOf } from './capabilities.ts';
import {
  GENERATED_MARK,
  HELPER,
  HELPER_SOURCE,
  indexSource,
  moduleSource,
} from './capability-modules.ts';
import { writeJson, writeText } from './files.ts';
import { starterHandler } from './trigger-templates.ts';
import {
  functionFile,
  functionNameOf,
  type PreTokenGenerationVersion,
  TRIGGERS,
  type Trigger,
} from './triggers.ts';

// Writes a starter function for each trigger that has none; `add auth` and `update auth` call it.

/** What `add auth` / `update auth` did for one trigger's function. */
export interface TriggerFunction {
  trigger: Trigger;
  name: string;
  file: string;
  /** True when the starter handler was written now; false when a file was already there. */
  created: boolean;
  /** The template modules the function runs (in `<name>/`), when it runs any. */
  modules?: string[];
  /** Set when the file is the user's own and so does not run the modules chosen. */
  ignoresModules?: boolean;
}

/**
 * Makes sure every trigger's function has a file in `dir` (the folder the server loads functions
 * from): a starter handler in Cognito's event shape is written for a function without one; a
 * file that exists is the user's code and is never touched.
 */
export function scaffoldFunctions(
  dir: string,
  triggers: Partial<Record<Trigger, string>>,
  opts: {
    preTokenGenerationVersion?: PreTokenGenerationVersion;
    modules?: Partial<Record<Trigger, string[]>>;
    settings?: Record<string, string>;
  } = {},
): TriggerFunction[] {
  const out: TriggerFunction[] = [];
  for (const trigger of TRIGGERS) {
    const value = triggers[trigger];
    const name = value && functionNameOf(value);
    if (!name) continue;
    const modules = opts.modules?.[trigger];
    if (modules?.length) {
      out.push(scaffoldModules(dir, trigger, name, modules, opts.settings ?? {}));
      continue;
    }
    const existing = functionFile(dir, name);
    if (existing) {
      out.push({ trigger, name, file: existing, created: false });
      continue;
    }
    const file = path.join(dir, `${name}.mjs`);
    writeText(file, starterHandler(trigger, name, opts));
    out.push({ trigger, name, file, created: true });
  }
  return out;
}

/**
 * A function running template modules: the index (rewritten while it carries the generated
 * mark, so a module added later runs too), each module missing from `<name>/` (one that exists
 * is the user's), the modules' settings, and the shared helper.
 */
function scaffoldModules(
  dir: string,
  trigger: Trigger,
  name: string,
  modules: string[],
  settings: Record<string, string>,
): TriggerFunction {
  const existing = functionFile(dir, name);
  const generated = !existing || readFileSync(existing, 'utf8').includes(GENERATED_MARK);
  const file = existing ?? path.join(dir, `${name}.mjs`);
  if (generated) writeText(file, indexSource(trigger, name, modules));
  for (const m of modules) {
    const moduleFile = path.join(dir, name, `${m}.mjs`);
    if (!existsSync(moduleFile)) writeText(moduleFile, moduleSource(trigger, m, name));
  }
  const keys = settingsOf({ [trigger]: modules }).map((s) => s.key);
  writeJson(
    path.join(dir, name, 'settings.json'),
    Object.fromEntries(keys.filter((k) => k in settings).map((k) => [k, settings[k]])),
  );
  const helper = path.join(dir, `${HELPER}.mjs`);
  if (!existsSync(helper)) writeText(helper, HELPER_SOURCE);
  return { trigger, name, file, created: !existing, modules, ignoresModules: !generated };
}
