// Small labelled controls the pages share: each input has its label, alerts and status lines are
// live regions, so screen readers hear what changed.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { errorText } from '../api';

/** The input attributes the fields pass through. */
interface InputProps {
  type?: 'text' | 'password' | 'number' | 'url' | 'search' | 'email';
  placeholder?: string;
  required?: boolean;
  disabled?: boolean;
  readOnly?: boolean;
  min?: number;
  max?: number;
  autoComplete?: string;
  spellcheck?: boolean;
  name?: string;
}

/** A text (or number, password, url) input with its visible label and an optional hint. */
export function TextField(
  p: InputProps & {
    label: string;
    value: string | number | undefined;
    onValue: (v: string) => void;
    hint?: string;
  },
) {
  const { label, value, onValue, hint, ...rest } = p;
  const id = useId();
  return (
    <label class="field" for={id}>
      <span>{label}</span>
      <input
        id={id}
        // Preact's input types are a union per `type`; the fields pass a plain subset through.
        {...(rest as { type: 'text' })}
        type={(rest.type ?? 'text') as 'text'}
        value={value ?? ''}
        onInput={(e) => onValue((e.target as HTMLInputElement).value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </label>
  );
}

/** A multi-line text field with its label. */
export function TextArea(p: {
  label: string;
  value: string | undefined;
  onValue: (v: string) => void;
  hint?: string;
  rows?: number;
  placeholder?: string;
}) {
  const id = useId();
  return (
    <label class="field" for={id}>
      <span>{p.label}</span>
      <textarea
        id={id}
        rows={p.rows ?? 4}
        value={p.value ?? ''}
        placeholder={p.placeholder}
        onInput={(e) => p.onValue((e.target as HTMLTextAreaElement).value)}
        aria-describedby={p.hint ? `${id}-hint` : undefined}
      />
      {p.hint && (
        <span class="hint" id={`${id}-hint`}>
          {p.hint}
        </span>
      )}
    </label>
  );
}

/** A select with its label; `options` are [value, text] pairs. */
export function Select(p: {
  label: string;
  value: string;
  options: [string, string][];
  onValue: (v: string) => void;
}) {
  const id = useId();
  return (
    <label class="field" for={id}>
      <span>{p.label}</span>
      <select
        id={id}
        value={p.value}
        onChange={(e) => p.onValue((e.target as HTMLSelectElement).value)}
      >
        {p.options.map(([v, t]) => (
          <option key={v} value={v}>
            {t}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A checkbox with its label. */
export function Check(p: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label class="check">
      <input
        type="checkbox"
        checked={p.checked}
        disabled={p.disabled}
        onChange={(e) => p.onChange((e.target as HTMLInputElement).checked)}
      />
      {p.label}
    </label>
  );
}

/** A group of radio buttons in a fieldset named `legend`; `options` are [value, text] pairs. */
export function Radios(p: {
  legend: string;
  name: string;
  value: string;
  options: [string, string][];
  onValue: (v: string) => void;
}) {
  return (
    <fieldset>
      <legend>{p.legend}</legend>
      <div class="checks">
        {p.options.map(([v, t]) => (
          <label class="check" key={v}>
            <input
              type="radio"
              name={p.name}
              value={v}
              checked={p.value === v}
              onChange={() => p.onValue(v)}
            />
            {t}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A set of checkboxes in a fieldset: which of `options` are in `value`. */
export function CheckList(p: {
  legend: string;
  options: [string, string][];
  value: string[];
  onValue: (v: string[]) => void;
}) {
  return (
    <fieldset>
      <legend>{p.legend}</legend>
      <div class="checks">
        {p.options.map(([v, t]) => (
          <Check
            key={v}
            label={t}
            checked={p.value.includes(v)}
            onChange={(on) =>
              p.onValue(
                on ? [...p.value.filter((x) => x !== v), v] : p.value.filter((x) => x !== v),
              )
            }
          />
        ))}
      </div>
    </fieldset>
  );
}

/** An error line that screen readers announce (empty: nothing shown). */
export function Alert(p: { error: unknown }) {
  return (
    <div class="alert" role="alert">
      {p.error ? errorText(p.error) : ''}
    </div>
  );
}

/** A polite status line (saved, copied, loading…). */
export function Status(p: { text: string | undefined }) {
  return (
    <p class="notice" role="status" aria-live="polite">
      {p.text ?? ''}
    </p>
  );
}

/**
 * A modal `<dialog>`: the browser keeps focus inside it while open and closes it on Escape
 * (which calls `onClose`); focus returns to what opened it.
 */
export function Modal(p: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (p.open && !d.open) d.showModal();
    if (!p.open && d.open) d.close();
  }, [p.open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={id}
      onCancel={(e) => {
        e.preventDefault();
        p.onClose();
      }}
      onClose={() => p.open && p.onClose()}
    >
      {p.open && (
        <>
          <h2 id={id}>{p.title}</h2>
          {p.children}
        </>
      )}
    </dialog>
  );
}

/** A button that copies `text` with the Clipboard API; its name says what it copies. */
export function CopyButton(p: { text: string; what: string }) {
  const [done, setDone] = useState<string>();
  return (
    <span class="row">
      <button
        type="button"
        class="secondary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(p.text);
            setDone('Copied.');
          } catch {
            setDone('Copy failed: select the text and copy it.');
          }
          setTimeout(() => setDone(undefined), 3000);
        }}
      >
        Copy {p.what}
      </button>
      <span role="status" aria-live="polite" class="hint">
        {done ?? ''}
      </span>
    </span>
  );
}

/** Loads data with `load` (again when `deps` change); `reload` runs it once more. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load()
      .then((d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
      })
      .catch((e) => live && setError(e))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [...deps, n]);
  return { data, error, loading, reload: () => setN((x) => x + 1), setData };
}

/** Text lines ↔ list: one item per line (or comma), blanks dropped. */
export const toList = (s: string) =>
  s
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);
export const fromList = (l: string[] | undefined) => (l ?? []).join('\n');
