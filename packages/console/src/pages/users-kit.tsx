// Small pieces the people pages (users, user detail, import, groups, outbox, activity) share:
// dates as the JSON API sends them, attribute lookup, a modal dialog, a status line that screen
// readers hear, and a file download made in the page.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../api';
import './people.css';

/** A Cognito user as ListUsers (Attributes) or AdminGetUser (UserAttributes) returns it. */
export interface UserLike {
  Username: string;
  Attributes?: { Name: string; Value?: string }[];
  UserAttributes?: { Name: string; Value?: string }[];
  UserStatus?: string;
  Enabled?: boolean;
  UserCreateDate?: number | string;
  UserLastModifiedDate?: number | string;
}

/** The value of attribute `name` of a user, if it has one. */
export function attr(u: UserLike, name: string): string | undefined {
  return (u.Attributes ?? u.UserAttributes)?.find((a) => a.Name === name)?.Value;
}

/** A date of the JSON 1.1 API (epoch seconds) or an ISO string, in the reader's locale. */
export function fmtDate(v: number | string | undefined): string {
  if (v === undefined || v === null) return '';
  const d = typeof v === 'number' ? new Date(v * 1000) : new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : d.toLocaleString();
}

/** The standard attributes ListUsers filters on, as the server indexes them (Cognito's list). */
export const SEARCHABLE = [
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
];

/** A ListUsers filter value: `"` and `\` escaped as the filter grammar wants. */
export function quoteFilter(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The page's status line and error: `run` wraps an action, says it is working, then what
 * happened (polite live region) or what failed (alert).
 */
export function useStatus() {
  const [status, setStatusState] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // The line as last set, so `run` can tell whether the action said something of its own.
  const said = useRef('');
  const setStatus = (text: string) => {
    said.current = text;
    setStatusState(text);
  };
  async function run<T>(working: string, action: () => Promise<T>, done?: string) {
    setBusy(true);
    setError('');
    setStatus(working);
    try {
      const result = await action();
      if (done !== undefined) setStatus(done);
      else if (said.current === working) setStatus('');
      return result;
    } catch (err) {
      setStatus('');
      setError(errorText(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  /** Reads without a word in the status line (a re-read must not hide what an action said). */
  async function load<T>(action: () => Promise<T>) {
    try {
      return await action();
    } catch (err) {
      setError(errorText(err));
      return undefined;
    }
  }
  return { status, error, busy, run, load, setStatus, setError };
}

/** The live regions for a useStatus(): always in the page, so announcements are heard. */
export function StatusLine(p: { status: string; error: string }) {
  return (
    <>
      <p class="notice" role="status" aria-live="polite">
        {p.status}
      </p>
      <p class="alert" role="alert">
        {p.error}
      </p>
    </>
  );
}

/**
 * A modal `<dialog>` named by its heading: Escape and the close button close it; focus returns
 * to where it was when it opened.
 */
export function Modal(p: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useRef(`dlg-${Math.random().toString(36).slice(2)}`).current;
  useEffect(() => {
    const back = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    return () => back?.focus?.();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={id}
      onCancel={(e) => {
        e.preventDefault();
        p.onClose();
      }}
    >
      <h2 id={id}>{p.title}</h2>
      {p.children}
    </dialog>
  );
}

/** A yes/no question in a modal; `confirm` names the button that does it (e.g. `Delete`). */
export function ConfirmDialog(p: {
  title: string;
  message: ComponentChildren;
  confirm: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal title={p.title} onClose={p.onClose}>
      <p>{p.message}</p>
      <div class="buttons">
        <button type="button" class="secondary" onClick={p.onClose}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={p.onConfirm}>
          {p.confirm}
        </button>
      </div>
    </Modal>
  );
}

/** Saves `text` as a file named `name` (made in the page; nothing leaves the browser). */
export function download(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(v: string | undefined): string {
  const s = v ?? '';
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
