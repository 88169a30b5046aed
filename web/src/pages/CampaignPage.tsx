import { useState, type FormEvent } from 'react';
import { api, type Campaign, type CampaignPreview, type CampaignReply, type Me } from '../api.js';
import { contentBody, MessageContentFields, noContent, type MessageContent } from '../components/correspondence/MessageContentFields.js';
import { DataTable } from '../components/DataTable.js';
import { DateText } from '../components/DateText.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { Link } from '../components/Link.js';
import { senderName } from '../components/message/MessageRow.js';
import { Page } from '../components/Page.js';
import { RecordGate } from '../components/RecordGate.js';
import { Section } from '../components/Section.js';
import { formatAddress } from '../format.js';
import { useApiData } from '../useApiData.js';
import { useSubmit } from '../useSubmit.js';
import { count } from '../words.js';

/** The senders, newest first: who, their record, when it was sent and received. */
function Senders({ campaign }: { campaign: Campaign }) {
  return (
    <Section title="Who wrote">
      <DataTable caption="Messages in this campaign" busy={false}>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">Person</th>
            <th scope="col">Sent</th>
            <th scope="col">Received</th>
          </tr>
        </thead>
        <tbody>
          {campaign.members.map((member) => (
            <tr key={member.messageId}>
              {member.withheld ? (
                <td colSpan={2}>
                  <span className="muted">Withheld: the sender’s record is restricted.</span>
                </td>
              ) : (
                <>
                  <td>
                    <Link href={`/messages/${member.messageId}`}>{senderName(member.from)}</Link>
                    {member.from.name && member.from.address && <span className="message-address">{formatAddress(member.from.address)}</span>}
                  </td>
                  <td className="nowrap">{member.person ? <Link href={`/people/${member.person.id}`}>{member.person.name}</Link> : <span className="muted">Not matched</span>}</td>
                </>
              )}
              <td className="nowrap">
                <DateText iso={member.occurredAt} withTime />
              </td>
              <td className="nowrap">
                <DateText iso={member.receivedAt} withTime />
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </Section>
  );
}

/** Those the reply cannot go to, each with why. */
function NotSendable({ list, heading }: { list: CampaignPreview['notSendable']; heading: string }) {
  if (list.length === 0) return null;
  return (
    <>
      <h3>{heading}</h3>
      <ul className="plain-list">
        {list.map((item) => (
          <li key={item.messageId}>
            <Link href={`/messages/${item.messageId}`}>{item.from ? formatAddress(item.from) : 'A withheld sender'}</Link>: {item.reason}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * One reply to everyone: written or begun from a template, merge fields filled in for each sender.
 * It is previewed first (as one sender will read it, and who it cannot go to); changing the words
 * asks for a new preview before it can be sent.
 */
function ReplyToAll({ campaign, onSent }: { campaign: Campaign; onSent: (reply: CampaignReply) => void }) {
  const templates = useApiData('templates:email', (signal) => api.templates('email', signal));
  const [content, setContent] = useState<MessageContent>(noContent);
  const [preview, setPreview] = useState<CampaignPreview | null>(null);
  const submit = useSubmit();
  const body = () => ({ subject: content.subject, ...contentBody(content) });

  function change(next: MessageContent) {
    setContent(next);
    setPreview(null);
  }

  async function previewIt(event: FormEvent) {
    event.preventDefault();
    await submit.run(async () => setPreview(await api.previewCampaignReply(campaign.id, body())));
  }

  async function send() {
    let reply: CampaignReply | null = null;
    if (await submit.run(async () => (reply = await api.replyToCampaign(campaign.id, body())))) {
      change(noContent);
      onSent(reply!);
    }
  }

  return (
    <Section title="Reply to everyone">
      <form className="subform" onSubmit={previewIt} noValidate aria-label="Reply to everyone">
        {submit.error !== null && <ErrorAlert error={submit.error} title="The reply was not sent." />}
        <p className="muted">Each sender gets their own e-mail, with the merge fields filled in for them, and it is kept on their record.</p>
        <MessageContentFields
          templates={templates.data?.templates ?? []}
          value={content}
          onChange={change}
          // The template's own words, merge fields and all: they are filled in for each sender when it goes.
          fill={async (templateId) => {
            const template = templates.data!.templates.find((t) => t.id === templateId)!;
            return { templateId, channel: template.channel, subject: template.subject, body: template.body };
          }}
          problems={submit.problems}
          subjectLabel="Subject"
        />
        <button type="submit" className="button button-secondary" disabled={submit.busy}>
          Preview the reply
        </button>
      </form>
      {preview && (
        <div className="subform" role="region" aria-label="Preview">
          {preview.example ? (
            <>
              <h3>As {formatAddress(preview.example.to)} will read it</h3>
              <p>
                <strong>{preview.example.subject}</strong>
              </p>
              <div className="message-text">{preview.example.body}</div>
            </>
          ) : (
            <p className="alert alert-warning">The reply cannot go to anyone in this campaign.</p>
          )}
          <NotSendable list={preview.notSendable} heading={`Not sent to ${count(preview.notSendable.length, 'sender')}`} />
          {preview.sendable > 0 && (
            <button type="button" className="button" disabled={submit.busy} onClick={() => void send()}>
              {submit.busy ? 'Sending…' : `Send to ${count(preview.sendable, 'sender')}`}
            </button>
          )}
        </div>
      )}
    </Section>
  );
}

export function CampaignPage({ campaignId, me }: { campaignId: string; me: Me }) {
  const [version, setVersion] = useState(0);
  const [outcome, setOutcome] = useState<CampaignReply | null>(null);
  const detail = useApiData(`campaign:${campaignId}:${version}`, (signal) => api.campaign(campaignId, signal));
  const canWrite = me.permissions.includes('cases:write');

  // Once everyone was answered the group is empty: the page says what was done, not "not found".
  if (outcome && detail.state === 'failed') {
    return (
      <Page title="Campaign answered">
        <p className="alert alert-info" role="status">
          Reply queued to {count(outcome.sent.length, 'sender')}. No message of this campaign is waiting any more.
        </p>
        <p>
          <Link href="/inbox">Go to the inbox</Link>
        </p>
      </Page>
    );
  }

  return (
    <RecordGate result={detail} noun="campaign" back={{ href: '/inbox', label: 'Go to the inbox' }}>
      {(campaign) => (
        <Page title={campaign.sample?.subject.trim() || 'Campaign mail'} lead={`${count(campaign.count, 'message')} with the same text, waiting in the inbox. Open one to deal with it on its own.`}>
          <div role="status" className="notice-slot">
            {outcome && (
              <div className="alert alert-info">
                <p>Reply queued to {count(outcome.sent.length, 'sender')}: each gets their own e-mail.</p>
                <NotSendable list={outcome.notSent} heading={`Not sent to ${count(outcome.notSent.length, 'sender')}: they wait here`} />
              </div>
            )}
          </div>
          <div className="message-layout">
            <div className="case-main">
              {campaign.sample && (
                <Section title="What they wrote">
                  <p className="muted">The newest message, as its sender wrote it.</p>
                  <div className="message-text">{campaign.sample.text}</div>
                </Section>
              )}
              <Senders campaign={campaign} />
            </div>
            <div className="case-side">
              {canWrite && (
                <ReplyToAll
                  campaign={campaign}
                  onSent={(reply) => {
                    setOutcome(reply);
                    setVersion((n) => n + 1);
                  }}
                />
              )}
            </div>
          </div>
        </Page>
      )}
    </RecordGate>
  );
}
