/** @jsxImportSource hono/jsx */
/**
 * The people who work for a business: the list with remove buttons, and the invite
 * form. Used by the association (owners and staff) and by an owner (staff only).
 */
import type { Grant } from '../../../platform/auth/roles.js';
import type { DomainError } from '../../../platform/errors.js';
import { CsrfField } from '../../../platform/http/ui/layout.js';
import { asAppContext, ErrorSummary, formString, swedishMessage, TextField, type FieldErrors, type FormBody, type MemberContext } from './shared.js';

export type BusinessRole = 'merchant-owner' | 'merchant-staff';
export const roleLabels: Record<BusinessRole, string> = { 'merchant-owner': 'Ägare', 'merchant-staff': 'Personal' };
export const isBusinessRole = (v: string): v is BusinessRole => v === 'merchant-owner' || v === 'merchant-staff';

export interface Person {
  id: string;
  email: string;
  name: string;
  grants: Grant[];
}

export interface InviteValues {
  email: string;
  name: string;
  role: BusinessRole;
}

export const emptyInvite = (role: BusinessRole = 'merchant-staff'): InviteValues => ({ email: '', name: '', role });

export function inviteFromBody(form: FormBody, allowOwner: boolean): InviteValues {
  const role = formString(form, 'role', 30);
  return {
    email: formString(form, 'email', 250).trim(),
    name: formString(form, 'name', 100).trim(),
    role: allowOwner && isBusinessRole(role) ? role : 'merchant-staff',
  };
}

export function inviteErrorsFrom(err: DomainError): FieldErrors {
  const errors: FieldErrors = {};
  // The form has one field that can be wrong: the address.
  for (const e of err.extra.errors ?? []) errors['invite-email'] ??= swedishMessage(e);
  if (Object.keys(errors).length === 0) errors['invite-email'] = err.message;
  return errors;
}

/** One row per role a person holds for the business. */
export function PeopleTable(props: { c: MemberContext; people: Person[]; businessId: string; removeAction: string; canRemove: (role: BusinessRole) => boolean; selfId: string | null }) {
  const { c } = props;
  const rows = props.people.flatMap((p) => p.grants.filter((g) => g.businessId === props.businessId && isBusinessRole(g.role)).map((g) => ({ person: p, role: g.role as BusinessRole })));
  if (rows.length === 0) return <p>Ingen har tillgång till företaget ännu. Bjud in ägaren nedan.</p>;
  return (
    <div class="table-wrap" role="region" aria-label="Personer med tillgång" tabindex={0}>
      <table>
        <caption class="visually-hidden">Personer med tillgång till företaget</caption>
        <thead>
          <tr>
            <th scope="col">Namn</th>
            <th scope="col">E-post</th>
            <th scope="col">Roll</th>
            <th scope="col">
              <span class="visually-hidden">Åtgärd</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ person, role }) => (
            <tr>
              <td>{person.name || '–'}</td>
              <td>{person.email}</td>
              <td>{roleLabels[role]}</td>
              <td>
                {props.canRemove(role) && person.id !== props.selfId ? (
                  <form method="post" action={props.removeAction} class="inline-form">
                    <CsrfField c={asAppContext(c)} />
                    <input type="hidden" name="userId" value={person.id} />
                    <input type="hidden" name="role" value={role} />
                    <button type="submit" class="secondary">
                      Ta bort<span class="visually-hidden"> {person.name || person.email} som {roleLabels[role].toLowerCase()}</span>
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function InviteForm(props: { c: MemberContext; action: string; values: InviteValues; errors: FieldErrors; allowOwner: boolean }) {
  const { c, values: v, errors: e } = props;
  return (
    <form method="post" action={props.action} class="stack" novalidate>
      <CsrfField c={asAppContext(c)} />
      <ErrorSummary errors={e} labels={{ 'invite-email': 'E-post' }} />
      <TextField id="invite-email" name="email" type="email" label="E-postadress" value={v.email} error={e['invite-email']} required autocomplete="off" />
      <TextField id="invite-name" name="name" label="Namn (valfritt)" value={v.name} autocomplete="off" />
      {props.allowOwner ? (
        <div>
          <label for="invite-role">Roll</label>
          <select id="invite-role" name="role" aria-describedby="invite-role-tips">
            <option value="merchant-owner" selected={v.role === 'merchant-owner'}>
              Ägare – kan ändra öppettider och uppgifter och bjuda in personal
            </option>
            <option value="merchant-staff" selected={v.role === 'merchant-staff'}>
              Personal – kan se företagets sidor
            </option>
          </select>
          <span class="hint" id="invite-role-tips">
            Personen får ett mejl med en inloggningslänk som gäller i 7 dagar.
          </span>
        </div>
      ) : (
        <p class="hint">Personen får ett mejl med en inloggningslänk som gäller i 7 dagar.</p>
      )}
      <div>
        <button type="submit">Skicka inbjudan</button>
      </div>
    </form>
  );
}

