import { useState, type FormEvent } from 'react';
import { api, type CaseDetail } from '../../api.js';
import type { CaseChanged } from '../../pages/CasePage.js';
import { useSubmit } from '../../useSubmit.js';
import { count } from '../../words.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { RadioGroup } from '../RadioGroup.js';
import { TextAreaField } from '../TextAreaField.js';
import { TextField } from '../TextField.js';

/** Now, as a datetime-local input shows it (the browser's own time). */
function localNow(): string {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 16);
}

/** A phone call or a letter that went on outside Postbag, noted on the case; scans of a letter kept with it. */
export function LogContactForm({ detail, onChanged }: { detail: CaseDetail; onChanged: CaseChanged }) {
  const lead = detail.constituents.find((person) => person.lead) ?? detail.constituents[0];
  const [channel, setChannel] = useState<'phone' | 'letter'>('phone');
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [occurredAt, setOccurredAt] = useState(localNow);
  const [withWhom, setWithWhom] = useState('');
  const [phone, setPhone] = useState('');
  const [minutes, setMinutes] = useState('');
  const [summary, setSummary] = useState('');
  const [scans, setScans] = useState<File[]>([]);
  // The file input cannot be emptied through its value: a new key gives a new, empty one.
  const [fileInputKey, setFileInputKey] = useState(0);
  const submit = useSubmit();
  const isCall = channel === 'phone';

  async function log(event: FormEvent) {
    event.preventDefault();
    const form = new FormData();
    const when = new Date(occurredAt);
    const fields: Record<string, string> = {
      channel,
      direction,
      // An unreadable date goes as typed, for the server to say what is wrong with it.
      occurredAt: Number.isNaN(when.getTime()) ? occurredAt : when.toISOString(),
      caseId: detail.id,
      // With no other name, it was with the lead constituent.
      ...(withWhom.trim() ? { counterpartName: withWhom.trim() } : lead ? { personId: lead.id } : {}),
      ...(isCall ? { counterpartPhone: phone, durationMinutes: minutes } : {}),
      summary,
    };
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    if (!isCall) for (const scan of scans) form.append('scans', scan);
    const result: { withheld?: number } = {};
    const ok = await submit.run(async () => {
      result.withheld = (await api.logNote(form)).withheldFiles.length;
    });
    if (!ok) return;
    setSummary('');
    setWithWhom('');
    setPhone('');
    setMinutes('');
    setScans([]);
    setFileInputKey((key) => key + 1);
    const what = isCall ? 'Phone call' : 'Letter';
    onChanged(`${what} noted on the timeline.${result.withheld ? ` ${count(result.withheld, 'file was', 'files were')} not kept: see the message.` : ''}`);
  }

  return (
    <form className="subform" onSubmit={log} noValidate aria-label="Note a phone call or letter">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The note was not saved." />}
      <RadioGroup
        legend="What was it"
        name="channel"
        options={[
          { value: 'phone', label: 'A phone call' },
          { value: 'letter', label: 'A letter' },
        ]}
        value={channel}
        onChange={(value) => setChannel(value === 'letter' ? 'letter' : 'phone')}
        error={submit.problems.channel}
      />
      <RadioGroup
        legend="Which way"
        name="direction"
        options={[
          { value: 'in', label: 'To the office' },
          { value: 'out', label: 'From the office' },
        ]}
        value={direction}
        onChange={(value) => setDirection(value === 'out' ? 'out' : 'in')}
        error={submit.problems.direction}
      />
      <TextField label="When" type="datetime-local" value={occurredAt} onChange={(event) => setOccurredAt(event.target.value)} error={submit.problems.occurredAt} />
      <TextField
        label="With whom (optional)"
        hint={lead ? `Leave empty if it was with ${lead.name}.` : undefined}
        value={withWhom}
        onChange={(event) => setWithWhom(event.target.value)}
        error={submit.problems.counterpartName ?? submit.problems.personId}
      />
      {isCall ? (
        <div className="field-row">
          <TextField label="Their number (optional)" type="tel" value={phone} onChange={(event) => setPhone(event.target.value)} error={submit.problems.counterpartPhone} />
          <TextField label="Minutes (optional)" inputMode="numeric" value={minutes} onChange={(event) => setMinutes(event.target.value)} error={submit.problems.durationMinutes} />
        </div>
      ) : (
        <TextField
          key={fileInputKey}
          label="Scans of the letter (optional)"
          hint="PDF or images, up to 5 files."
          type="file"
          multiple
          accept="application/pdf,image/*"
          onChange={(event) => setScans(Array.from(event.target.files ?? []))}
          error={submit.problems.scans}
        />
      )}
      <TextAreaField label="What was said" value={summary} onChange={(event) => setSummary(event.target.value)} error={submit.problems.summary} />
      <button type="submit" className="button" disabled={submit.busy}>
        {submit.busy ? 'Saving…' : 'Save the note'}
      </button>
    </form>
  );
}
