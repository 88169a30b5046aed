import { formatAddress } from '../format.js';
import { useState } from 'react';
import { api, type Me, type MessageDetail } from '../api.js';
import { DateText } from '../components/DateText.js';
import { SendStatus } from '../components/correspondence/SendStatus.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { AssignMessage } from '../components/message/AssignMessage.js';
import { MessageBody } from '../components/message/MessageBody.js';
import { MessageFiles } from '../components/message/MessageFiles.js';
import { ReplyAsDraft } from '../components/message/ReplyAsDraft.js';
import { senderName, subjectOf } from '../components/message/MessageRow.js';
import { TriagePanel } from '../components/message/TriagePanel.js';
import { Page } from '../components/Page.js';
import { RecordGate } from '../components/RecordGate.js';
import { Section } from '../components/Section.js';
import { humanise } from '../capabilities.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';
import { channelLabel, count } from '../words.js';

/** Where the message is now: waiting, on a case, or put away. */
function whereItIs(message: MessageDetail) {
  if (message.case) {
    return (
      <>
        On case{' '}
        <Link href={`/cases/${message.case.id}`} className="mono">
          {message.case.reference}
        </Link>
        {message.state === 'inbox' && <span className="message-address">Waiting in the inbox until someone deals with it.</span>}
      </>
    );
  }
  if (message.state === 'inbox') return 'In the inbox';
  if (message.state === 'archived') return 'Archived';
  if (message.state === 'filed') return 'On a case you cannot see';
  return humanise(message.state);
}

/** The other party is who wrote to the office, or whom the office wrote to. */
const outgoing = (message: MessageDetail) => message.direction === 'out';

/** When it was sent, as far as anyone can tell: an incoming e-mail's date is what the sender's program wrote, if anything. */
function SentWhen({ message }: { message: MessageDetail }) {
  if (outgoing(message) && message.channel === 'email') return <SendStatus email={message} />;
  if (outgoing(message) && !message.sentAt) return <span className="muted">{message.state === 'failed' ? 'No: sending failed' : 'Not yet: waiting to go'}</span>;
  if (message.flags.includes('no_date')) return <span className="muted">Not known: the sender’s program gave no date</span>;
  return (
    <>
      <DateText iso={message.sentAt ?? message.occurredAt} withTime />
      {message.flags.includes('date_suspect') && <span className="message-address">This date looks wrong: the sender’s clock may have been set wrongly.</span>}
    </>
  );
}

function AboutMessage({ message }: { message: MessageDetail }) {
  return (
    <Section title="About this message">
      <dl className="summary-list">
        <dt>{outgoing(message) ? 'To' : 'From'}</dt>
        <dd>
          {senderName(message.from)}
          {message.from.name && message.from.address && <span className="message-address">{formatAddress(message.from.address)}</span>}
        </dd>
        <dt>Person</dt>
        <dd>{message.person ? <Link href={`/people/${message.person.id}`}>{message.person.name}</Link> : <span className="muted">Not matched to anyone yet</span>}</dd>
        {!outgoing(message) && message.to.length > 0 && (
          <>
            <dt>To</dt>
            <dd>{message.to.join(', ')}</dd>
          </>
        )}
        <dt>{message.channel === 'phone' ? 'When' : 'Sent'}</dt>
        <dd>
          <SentWhen message={message} />
        </dd>
        <dt>{outgoing(message) ? 'Written' : 'Received'}</dt>
        <dd>
          <DateText iso={message.receivedAt} withTime />
        </dd>
        <dt>By</dt>
        <dd>{channelLabel(message.channel)}</dd>
        <dt>Where it is</dt>
        <dd>{whereItIs(message)}</dd>
        {!outgoing(message) && (
          <>
            <dt>Assigned to</dt>
            <dd>{message.assignee?.name ?? <span className="muted">Nobody</span>}</dd>
          </>
        )}
      </dl>
      {message.outOfConstituency && <p className="summary-more badge badge-waiting">Outside the constituency</p>}
    </Section>
  );
}

/** A message in a campaign group: where the group is, and taking it out when it is really casework. */
function InCampaign({ message, campaign, canWrite, onUngrouped }: { message: MessageDetail; campaign: NonNullable<MessageDetail['campaign']>; canWrite: boolean; onUngrouped: () => void }) {
  const submit = useSubmit();
  return (
    <div className="alert alert-info">
      {submit.error !== null && <ErrorAlert error={submit.error} title="The message was not taken out of the campaign." />}
      <p>
        One of <Link href={`/campaigns/${campaign.id}`}>{count(campaign.count, 'message')} with the same text</Link> (a campaign), answered together.
      </p>
      {canWrite && (
        <p>
          <button type="button" className="button button-secondary button-small" disabled={submit.busy} onClick={() => void submit.run(() => api.ungroupMessage(message.id)).then((ok) => ok && onUngrouped())}>
            Take it out of the campaign: it is casework
          </button>
        </p>
      )}
    </div>
  );
}

export function MessagePage({ messageId, me }: { messageId: string; me: Me }) {
  const canWrite = me.permissions.includes('cases:write');
  const [showImages, setShowImages] = useState(false);
  // Bumped after an assignment: the message is loaded again.
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState('');
  const detail = useApiData(`message:${messageId}:${showImages}:${version}`, (signal) => api.message(messageId, showImages, signal));
  const inInbox = canWrite && detail.data?.state === 'inbox';
  const staff = useApiData(inInbox ? 'staff' : 'no-staff', (signal) => (inInbox ? api.staff(signal) : Promise.resolve({ staff: [] })));
  // Topics are for a new case; a message that came in on a case is dealt with there.
  const mayOpenCase = inInbox && !detail.data?.case;
  const topics = useApiData(mayOpenCase ? 'topics' : 'no-topics', (signal) => (mayOpenCase ? api.topics(signal) : Promise.resolve({ topics: [] })));
  const suggestedId = detail.data?.case ? null : (detail.data?.suggestedCaseId ?? null);
  const suggested = useApiData(`suggested:${suggestedId ?? ''}`, (signal) => (suggestedId ? api.caseDetail(suggestedId, signal) : Promise.resolve(null)));

  return (
    <RecordGate result={detail} noun="message" back={{ href: '/inbox', label: 'Go to the inbox' }}>
      {(message) => (
        <Page title={subjectOf(message)} lead={`${outgoing(message) ? 'To' : 'From'} ${senderName(message.from)}`}>
          {detail.state === 'failed' && <ErrorAlert error={detail.error} title="The message could not be loaded again." />}
          <div role="status" className="notice-slot">
            {notice && <p className="alert alert-info">{notice}</p>}
          </div>
          {message.campaign && (
            <InCampaign
              message={message}
              campaign={message.campaign}
              canWrite={inInbox}
              onUngrouped={() => {
                setNotice('Taken out of the campaign: it waits in the inbox as a message of its own.');
                setVersion((n) => n + 1);
              }}
            />
          )}
          {suggestedId && (
            <p className="alert alert-info">
              This looks like a reply about a case that is closed:{' '}
              <Link href={`/cases/${suggestedId}`}>{suggested.data ? `case ${suggested.data.reference}` : 'see the case'}</Link>. Add it to that case (and reopen it) or open a new one.
            </p>
          )}
          <div className="message-layout">
            <div className="case-main">
              <MessageBody message={message} loadingImages={showImages && detail.state === 'loading'} onShowImages={() => setShowImages(true)} />
              <MessageFiles message={message} />
            </div>
            <div className="case-side">
              <AboutMessage message={message} />
              {canWrite && message.case && !outgoing(message) && message.channel === 'email' && message.from.address && <ReplyAsDraft message={message} onCase={message.case} />}
              {inInbox && (
                <>
                  <Section title="Who deals with it">
                    <AssignMessage
                      key={message.assignee?.id ?? 'nobody'}
                      message={message}
                      staff={staff.data?.staff ?? []}
                      myId={me.user.id}
                      onAssigned={(text) => {
                        setNotice(text);
                        setVersion((n) => n + 1);
                      }}
                    />
                  </Section>
                  <TriagePanel
                    message={message}
                    suggested={suggestedId && suggested.data ? { id: suggestedId, name: suggested.data.reference } : null}
                    topics={topics.data?.topics ?? []}
                    staff={staff.data?.staff ?? []}
                    myId={me.user.id}
                  />
                </>
              )}
            </div>
          </div>
        </Page>
      )}
    </RecordGate>
  );
}
