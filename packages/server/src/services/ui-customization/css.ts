import { InvalidParameterException } from '../errors.ts';

/**
 * The classes of the hosted pages that a pool's CSS may style, as Cognito's classic hosted UI
 * names them (each ends in `-customizable`), with the pseudo-classes Cognito allows on them.
 */
export const CUSTOMIZABLE_CLASSES: readonly string[] = [
  'background-customizable',
  'banner-customizable',
  'errorMessage-customizable',
  'idpButton-customizable',
  'idpDescription-customizable',
  'inputField-customizable',
  'label-customizable',
  'legalText-customizable',
  'logo-customizable',
  'passwordCheck-notValid-customizable',
  'passwordCheck-valid-customizable',
  'redirect-customizable',
  'socialButton-customizable',
  'submitButton-customizable',
  'textDescription-customizable',
];
const PSEUDO = new Set(['', ':hover', ':focus', ':active']);

/**
 * Constructs that would let a stylesheet load from elsewhere or run script (old IE), or escape
 * the style element. CSS escapes (`\75 rl(`) could spell them in disguise, so backslashes are
 * refused too.
 */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/url\s*\(/i, 'url('],
  [/@import/i, '@import'],
  [/expression\s*\(/i, 'expression('],
  [/javascript:/i, 'javascript:'],
  [/behavior\s*:/i, 'behavior:'],
  [/-moz-binding/i, '-moz-binding'],
  [/[<>]/, '< or >'],
  [/\\/, 'backslash escapes'],
  [/@/, 'at-rules'],
];

function invalid(detail: string): never {
  throw new InvalidParameterException(`CSS is invalid: ${detail}`);
}

/**
 * Checks a pool's or client's CSS as Cognito does, loosely: rules whose selectors are the
 * customizable classes only, and nothing that loads or runs anything.
 */
export function checkCss(css: string): void {
  for (const [pattern, what] of FORBIDDEN) {
    if (pattern.test(css)) invalid(`${what} is not allowed.`);
  }
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  let rest = text;
  for (;;) {
    const open = rest.indexOf('{');
    if (open < 0) break;
    const close = rest.indexOf('}', open);
    if (close < 0) invalid('unbalanced braces.');
    if (rest.slice(open + 1, close).includes('{')) invalid('nested rules are not allowed.');
    for (const raw of rest.slice(0, open).split(',')) {
      const selector = raw.trim();
      const m = /^\.([A-Za-z-]+)(:[a-z]+)?$/.exec(selector);
      if (!m || !CUSTOMIZABLE_CLASSES.includes(m[1]) || !PSEUDO.has(m[2] ?? '')) {
        invalid(`the selector ${JSON.stringify(selector)} is not one of the customizable classes.`);
      }
    }
    rest = rest.slice(close + 1);
  }
  if (rest.trim() !== '') invalid('text outside any rule.');
}
