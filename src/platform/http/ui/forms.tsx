/** @jsxImportSource hono/jsx */
/**
 * Form fields wired for screen readers, shared by every work area: a label, an
 * optional hint and an error, each tied to the field (aria-describedby, aria-invalid),
 * and the summary at the top of a form that failed (role=alert, links to each field).
 */
import { Notice } from './layout.js';

/** Field name → message shown beside the field. */
export type FieldErrors = Record<string, string>;

export const errorId = (id: string): string => `${id}-fel`;
export const hintId = (id: string): string => `${id}-tips`;

export const describedBy = (id: string, error?: string, hint?: string): string | undefined =>
  [error ? errorId(id) : null, hint ? hintId(id) : null].filter(Boolean).join(' ') || undefined;

export function FieldMessage(props: { id: string; error?: string | undefined }) {
  return props.error ? (
    <p class="field-error" id={errorId(props.id)}>
      {props.error}
    </p>
  ) : null;
}

/** A field's label, and its hint tied to the field by id. */
export function LabelWithHint(p: { id: string; label: string; hint?: string | undefined }) {
  return (
    <>
      <label for={p.id}>{p.label}</label>
      {p.hint ? (
        <span class="hint" id={hintId(p.id)}>
          {p.hint}
        </span>
      ) : null}
    </>
  );
}

export interface TextFieldProps {
  id: string;
  name: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  type?: 'text' | 'email' | 'tel' | 'url' | 'date' | 'number' | 'search';
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'tel' | 'email' | 'url' | 'text';
  autocapitalize?: 'characters' | 'off' | 'none';
  maxlength?: number;
  /** Class on the wrapping element. */
  class?: string;
}

export function TextField(p: TextFieldProps) {
  return (
    <div class={p.class}>
      <LabelWithHint id={p.id} label={p.label} hint={p.hint} />
      <input
        id={p.id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        autocapitalize={p.autocapitalize}
        spellcheck={p.autocapitalize === 'characters' ? false : undefined}
        maxlength={p.maxlength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.id, p.error, p.hint)}
      />
      <FieldMessage id={p.id} error={p.error} />
    </div>
  );
}

export function TextArea(p: { id: string; name: string; label: string; value: string; error?: string | undefined; hint?: string; maxlength?: number; rows?: number }) {
  return (
    <div>
      <LabelWithHint id={p.id} label={p.label} hint={p.hint} />
      <textarea id={p.id} name={p.name} maxlength={p.maxlength} rows={p.rows} aria-invalid={p.error ? 'true' : undefined} aria-describedby={describedBy(p.id, p.error, p.hint)}>
        {p.value}
      </textarea>
      <FieldMessage id={p.id} error={p.error} />
    </div>
  );
}

/**
 * The summary at the top of a form that failed: role=alert, so it is announced, with a
 * link to each field (`ids` maps a field name to its element id when they differ).
 */
export function ErrorSummary(props: { errors: FieldErrors; labels: Record<string, string>; ids?: Record<string, string>; intro?: string }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  const intro = props.intro ?? 'innan det går att spara';
  return (
    <Notice kind="error">
      <p>
        <strong>{entries.length === 1 ? `Ett fel behöver rättas ${intro}:` : `${entries.length} fel behöver rättas ${intro}:`}</strong>
      </p>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            {props.labels[field] ? <a href={`#${props.ids?.[field] ?? field}`}>{props.labels[field]}</a> : 'Formuläret'}: {message}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

/** A group of checkboxes sharing one name, in a fieldset. */
export function CheckboxGroup(p: { id: string; name: string; legend: string; options: Array<{ value: string; label: string }>; checked: string[]; error?: string | undefined }) {
  return (
    <fieldset id={p.id} aria-describedby={p.error ? errorId(p.id) : undefined}>
      <legend>{p.legend}</legend>
      <div class="checks">
        {p.options.map((o) => (
          <label>
            <input type="checkbox" name={p.name} value={o.value} checked={p.checked.includes(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      <FieldMessage id={p.id} error={p.error} />
    </fieldset>
  );
}
