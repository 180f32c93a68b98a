/**
 * The dashboard's small pieces: a call's loading/error state (never blocking the page), a labelled
 * field with the API's message next to it, a modal dialog (Escape closes it), a busy button.
 */
import type { ComponentChildren, JSX, TargetedEvent } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorFor } from './api.ts';

/** Every view reloads on this event (the clock moved, an action changed something). */
export const REFRESH = 'rapport:refresh';
export const refreshAll = () => window.dispatchEvent(new Event(REFRESH));

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads on mount, when `deps` change and on REFRESH; the previous data stays shown while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    window.addEventListener(REFRESH, reload);
    return () => window.removeEventListener(REFRESH, reload);
  }, [reload]);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload };
}

/** A call started by the person (a form, a button): busy while running, its error kept for the form. */
export function useAction<A extends unknown[], T>(run: (...args: A) => Promise<T>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<T>();
  const go = async (...args: A): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      const out = await run(...args);
      setDone(out);
      return out;
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { go, busy, error, done, setError };
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorNote({ error, retry }: { error: unknown; retry?: () => void }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error instanceof Error ? error.message : String(error)}{' '}
      {retry ? (
        <button type="button" class="link" onClick={retry}>
          Try again
        </button>
      ) : null}
    </p>
  );
}

/** A call's state: its loading line, its error with a retry; the content once there. */
export function Status<T>({
  loaded,
  what,
  children,
}: {
  loaded: Loaded<T>;
  what: string;
  children: (data: T) => ComponentChildren;
}) {
  return (
    <>
      {loaded.error ? <ErrorNote error={loaded.error} retry={loaded.reload} /> : null}
      {loaded.data === undefined ? loaded.loading ? <Loading what={what} /> : null : children(loaded.data)}
    </>
  );
}

let ids = 0;
const useId = () => useRef(`f${++ids}`).current;

type InputProps = JSX.IntrinsicElements['input'] & { name: string; value?: string };

/**
 * A labelled input (or textarea, `multiline`); the API's message for `name` (or `errorName`) shown
 * under it and tied to it.
 */
export function Field({
  label,
  error,
  hint,
  errorName,
  multiline,
  ...input
}: InputProps & { label: string; error?: unknown; hint?: string; errorName?: string; multiline?: boolean }) {
  const id = useId();
  const message = errorFor(error, errorName ?? input.name);
  const described = [hint ? `${id}-hint` : '', message ? `${id}-err` : ''].filter(Boolean).join(' ');
  const control = {
    id,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': described || undefined,
    ...input,
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea rows={3} {...(control as JSX.IntrinsicElements['textarea'])} />
      ) : (
        <input {...control} />
      )}
      {hint ? (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      ) : null}
      {message ? (
        <small id={`${id}-err`} class="error">
          {message}
        </small>
      ) : null}
    </div>
  );
}

/** The id of the page's list of IANA time zones (`<TimeZoneList />`): a zone field offers them as you type. */
export const TIME_ZONE_LIST = 'time-zones';

/** Every IANA zone the browser knows, once per page, for the zone fields' suggestions (`list={TIME_ZONE_LIST}`). */
export function TimeZoneList() {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return (
    <datalist id={TIME_ZONE_LIST}>
      {zones.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}

export function Busy({ busy, children, ...rest }: JSX.IntrinsicElements['button'] & { busy: boolean }) {
  return (
    <button type="submit" disabled={busy} aria-busy={busy} {...rest}>
      {busy ? 'Working…' : children}
    </button>
  );
}

/** A modal dialog (the browser's <dialog>: focus kept inside, Escape closes it). */
export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby="dialog-title" onClose={onClose} onCancel={onClose}>
      <h2 id="dialog-title">{title}</h2>
      {children}
    </dialog>
  );
}

/** A form's submit handler: the page stays, `go` gets the form. */
export const submitTo =
  (go: (form: HTMLFormElement) => unknown) =>
  (e: TargetedEvent<HTMLFormElement, Event>): void => {
    e.preventDefault();
    void go(e.currentTarget);
  };

/** Read a form's fields as strings. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  return Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v)]));
}
