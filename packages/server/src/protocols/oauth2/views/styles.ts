/**
 * The hosted pages' stylesheet: one centred card, system fonts, light and dark from the
 * browser's `prefers-color-scheme`, and wide enough targets for a phone. The `*-customizable`
 * classes are Cognito's, so CSS written for Cognito's hosted UI (SetUICustomization) applies.
 */
export const BASE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f4f5f8; --card: #ffffff; --text: #16181d; --muted: #5b6170; --border: #d5d8e0;
  --field: #ffffff; --accent: #3b5bdb; --accent-text: #ffffff; --accent-hover: #2f4ac0;
  --error-bg: #fdecec; --error-text: #a61b1b; --ok-bg: #e8f6ee; --ok-text: #17683a;
  --focus: rgba(59, 91, 219, 0.35); --shadow: 0 1px 2px rgba(16, 24, 40, .06), 0 12px 32px rgba(16, 24, 40, .08);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1115; --card: #181b22; --text: #e8eaf0; --muted: #a0a6b4; --border: #2c313c;
    --field: #11141a; --accent: #7c93ff; --accent-text: #0b0d12; --accent-hover: #98aaff;
    --error-bg: #3a1619; --error-text: #ffb4b4; --ok-bg: #12301f; --ok-text: #9be0b5;
    --focus: rgba(124, 147, 255, 0.4); --shadow: 0 1px 2px rgba(0, 0, 0, .4), 0 12px 32px rgba(0, 0, 0, .35);
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center;
  padding: 24px 16px; background: var(--bg); color: var(--text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main {
  width: 100%; max-width: 400px; background: var(--card); border: 1px solid var(--border);
  border-radius: 16px; padding: 32px 28px; box-shadow: var(--shadow);
}
@media (max-width: 480px) { main { padding: 24px 18px; border-radius: 12px; } }
.logo-customizable { display: block; max-width: 180px; max-height: 64px; margin: 0 auto 20px; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 6px; letter-spacing: -0.01em; }
.textDescription-customizable { color: var(--muted); margin: 0 0 24px; font-size: .95rem; }
form { display: grid; gap: 16px; margin: 0; }
.field { display: grid; gap: 6px; }
.label-customizable { font-weight: 600; font-size: .9rem; }
.hint { color: var(--muted); font-size: .8rem; }
.inputField-customizable {
  width: 100%; min-height: 44px; padding: 10px 12px; font: inherit; color: var(--text);
  background: var(--field); border: 1px solid var(--border); border-radius: 10px;
}
.inputField-customizable:focus { outline: none; border-color: var(--accent); box-shadow: 0 0 0 4px var(--focus); }
.submitButton-customizable, .secondary-button, .idpButton-customizable {
  display: flex; align-items: center; justify-content: center; gap: 8px; width: 100%;
  min-height: 44px; padding: 10px 16px; font: inherit; font-weight: 600; border-radius: 10px;
  cursor: pointer; text-decoration: none; text-align: center;
}
.submitButton-customizable { border: 0; background: var(--accent); color: var(--accent-text); }
.submitButton-customizable:hover { background: var(--accent-hover); }
.secondary-button, .idpButton-customizable {
  border: 1px solid var(--border); background: transparent; color: var(--text);
}
.secondary-button:hover, .idpButton-customizable:hover { border-color: var(--accent); }
button:focus-visible, a:focus-visible { outline: none; box-shadow: 0 0 0 4px var(--focus); }
.providers { display: grid; gap: 10px; margin-bottom: 20px; }
.divider {
  display: flex; align-items: center; gap: 12px; color: var(--muted); font-size: .8rem;
  margin: 4px 0 20px; text-transform: uppercase; letter-spacing: .06em;
}
.divider::before, .divider::after { content: ""; flex: 1; height: 1px; background: var(--border); }
.errorMessage-customizable, .notice {
  margin: 0 0 20px; padding: 12px 14px; border-radius: 10px; font-size: .92rem;
}
.errorMessage-customizable { background: var(--error-bg); color: var(--error-text); }
.notice { background: var(--ok-bg); color: var(--ok-text); }
.links { display: grid; gap: 8px; margin-top: 20px; text-align: center; font-size: .92rem; color: var(--muted); }
.redirect-customizable { color: var(--accent); font-weight: 600; text-decoration: none; }
.redirect-customizable:hover { text-decoration: underline; }
.row { display: flex; justify-content: flex-end; margin-top: -8px; font-size: .88rem; }
.qr { display: flex; justify-content: center; margin: 4px 0 16px; }
.qr svg { width: 200px; height: 200px; background: #fff; padding: 10px; border-radius: 12px; }
.secret {
  display: block; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  font-size: .9rem; word-break: break-all; padding: 10px 12px; border-radius: 10px;
  background: var(--bg); border: 1px dashed var(--border); margin: 0 0 20px; user-select: all;
}
fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: 10px; }
legend { font-weight: 600; font-size: .9rem; margin-bottom: 6px; }
.choice {
  display: flex; align-items: center; gap: 10px; padding: 12px 14px; border: 1px solid var(--border);
  border-radius: 10px; cursor: pointer;
}
.choice input { width: 18px; height: 18px; accent-color: var(--accent); }
main > :last-child { margin-bottom: 0; }
.legalText-customizable { color: var(--muted); font-size: .78rem; text-align: center; margin-top: 24px; }
`;
