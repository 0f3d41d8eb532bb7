import path from 'node:path';
import { writeText } from './files.ts';
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
}

/**
 * Makes sure every trigger's function has a file in `dir` (the folder the server loads functions
 * from): a starter handler in Cognito's event shape is written for a function without one; a
 * file that exists is the user's code and is never touched.
 */
export function scaffoldFunctions(
  dir: string,
  triggers: Partial<Record<Trigger, string>>,
  opts: { preTokenGenerationVersion?: PreTokenGenerationVersion } = {},
): TriggerFunction[] {
  const out: TriggerFunction[] = [];
  for (const trigger of TRIGGERS) {
    const value = triggers[trigger];
    const name = value && functionNameOf(value);
    if (!name) continue;
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
