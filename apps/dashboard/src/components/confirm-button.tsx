// A button that asks before it acts (a native <dialog>: focus trapped, Escape cancels), and is disabled
// with the reason when the user's role may not do it. The dialog may hold more than the question (a
// reason to give, a plan to read) and keep its confirm button disabled until that is complete.
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

export interface ConfirmButtonProps {
  readonly label: string;
  /** The question in the dialog. */
  readonly question: ComponentChildren;
  readonly action: () => Promise<unknown>;
  /** When set, the button is disabled and its title says why. */
  readonly deniedReason?: string | undefined;
  readonly danger?: boolean;
  readonly testId?: string;
  readonly onDone?: (outcome: string) => void;
  /** Shown in the dialog under the question (inputs, a preview). */
  readonly children?: ComponentChildren;
  /** When set, the confirm button is disabled and says why (e.g. a reason is still missing). */
  readonly incompleteReason?: string | undefined;
  /** Called each time the dialog opens (to load a fresh preview). */
  readonly onOpen?: () => void;
}

export function ConfirmButton(props: ConfirmButtonProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.action();
      dialog.current?.close();
      props.onDone?.(`${props.label}: done`);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        class={props.danger ? 'danger' : ''}
        disabled={props.deniedReason !== undefined}
        title={props.deniedReason}
        data-testid={props.testId}
        onClick={() => {
          setError(null);
          props.onOpen?.();
          dialog.current?.showModal();
        }}
      >
        {props.label}
      </button>
      <dialog ref={dialog} aria-label={props.label}>
        <p>{props.question}</p>
        {props.children}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            class={props.danger ? 'danger' : 'primary'}
            disabled={busy || props.incompleteReason !== undefined}
            title={props.incompleteReason}
            data-testid={props.testId ? `${props.testId}-confirm` : undefined}
            onClick={confirm}
          >
            {busy ? 'Working…' : `Yes, ${props.label.toLowerCase()}`}
          </button>
        </div>
      </dialog>
    </>
  );
}
