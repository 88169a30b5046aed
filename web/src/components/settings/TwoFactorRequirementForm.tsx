import { useRef, useState, type FormEvent } from 'react';
import { api, type Me, type Office, type TwoFactorRequirement } from '../../api.js';
import { useSubmit } from '../../useSubmit.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';
import { TotpCodeField } from '../TotpCodeField.js';

const choices: readonly { value: TwoFactorRequirement; label: string }[] = [
  { value: 'none', label: 'No one (each person may still set it up)' },
  { value: 'managers_and_dpo', label: 'Managers and the data protection lead' },
  { value: 'everyone', label: 'Everyone in the office' },
];
const strictness: Record<TwoFactorRequirement, number> = { none: 0, managers_and_dpo: 1, everyone: 2 };

interface Props {
  me: Me;
  office: Office;
  onSaved: (office: Office) => void;
}

/** Whom the office requires to use two-step verification; loosening it asks an enrolled manager for a current code. */
export function TwoFactorRequirementForm({ me, office, onSaved }: Props) {
  const [choice, setChoice] = useState<TwoFactorRequirement>(office.twoFactorRequirement);
  const [code, setCode] = useState('');
  const codeInput = useRef<HTMLInputElement>(null);
  const save = useSubmit();
  const needsCode = me.twoFactor.enrolled && strictness[choice] < strictness[office.twoFactorRequirement];

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const given = code.replace(/\s+/g, '');
    // Left out when empty, so that the server's answer says a code is needed.
    const body = { twoFactorRequirement: choice, ...(needsCode && given ? { code: given } : {}) };
    let saved: Office | undefined;
    if (await save.run(async () => (saved = await api.updateOffice(body)))) {
      setCode('');
      if (saved) onSaved(saved);
    } else if (needsCode) {
      setCode('');
      codeInput.current?.focus();
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Two-step verification requirement">
      {save.error !== null && <ErrorAlert error={save.error} title="The requirement was not changed." />}
      <RadioGroup
        legend="Who must use two-step verification?"
        name="twoFactorRequirement"
        options={choices}
        value={choice}
        onChange={(value) => setChoice(value as TwoFactorRequirement)}
        error={save.problems.twoFactorRequirement}
      />
      {needsCode && (
        <>
          <p className="field-hint">This asks less of the office than now: confirm it is you with the code from your authenticator app.</p>
          <TotpCodeField ref={codeInput} value={code} onChange={setCode} error={save.problems.code} />
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="button" disabled={save.busy || choice === office.twoFactorRequirement}>
          {save.busy ? 'Saving…' : 'Save the requirement'}
        </button>
      </div>
    </form>
  );
}
