import { useState } from 'react';
import type { MessageDetail } from '../../api.js';
import { count } from '../../words.js';
import { Section } from '../Section.js';

interface Props {
  message: MessageDetail;
  /** Loading it again with remote images is under way. */
  loadingImages: boolean;
  onShowImages: () => void;
}

/**
 * The sanitised HTML as a document of its own. The frame is sandboxed with nothing allowed: no
 * scripts, no forms, no navigation of the app, and a unique origin, so even HTML that slipped
 * past the server's sanitiser cannot reach the session.
 */
export function frameDocument(html: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>body{font:16px/1.5 system-ui,sans-serif;color:#1b1f24;margin:0.75rem;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body>${html}</body></html>`;
}

/** What the message says: plain text first (it is what the sender's program wrote for reading), the formatted version on request. */
export function MessageBody({ message, loadingImages, onShowImages }: Props) {
  const html = message.html;
  // An HTML-only message has no plain text to show first.
  const [formatted, setFormatted] = useState(message.text.trim() === '' && html !== null);
  const showHtml = formatted && html !== null;

  return (
    <Section title="Message">
      {message.charsetProblem && (
        <p className="alert alert-warning">
          Some letters in this message (its text, or its subject or sender’s name) may be shown wrongly: it says it uses one character set but was written in another, or does not say. Check anything that looks odd with the sender.
        </p>
      )}
      {message.flags.includes('truncated_multipart') && (
        <p className="alert alert-warning">This message ended before its last part did (it may have been cut short on the way): part of it, or a file, may be missing. Ask the sender to send it again if anything seems to be.</p>
      )}
      {html !== null && (
        <p>
          <button type="button" className="button button-secondary button-small" onClick={() => setFormatted((on) => !on)}>
            {formatted ? 'Show plain text' : 'Show formatted'}
          </button>
        </p>
      )}
      {showHtml ? (
        <>
          {(message.remoteImagesBlocked > 0 || message.inlineImagesHidden > 0) && (
            <div className="alert alert-info">
              {message.remoteImagesBlocked > 0 && (
                <p>
                  {count(message.remoteImagesBlocked, 'remote image')} blocked. Loading them would tell the sender that the message was opened, and when.
                </p>
              )}
              {message.inlineImagesHidden > 0 && <p>{count(message.inlineImagesHidden, 'image')} sent with the message hidden.</p>}
              <p>
                <button type="button" className="button button-secondary button-small" aria-disabled={loadingImages || undefined} onClick={() => !loadingImages && onShowImages()}>
                  {loadingImages ? 'Loading images…' : 'Show images'}
                </button>
              </p>
            </div>
          )}
          <iframe className="message-frame" title="The message, formatted" sandbox="" srcDoc={frameDocument(html)} />
        </>
      ) : (
        <div className="message-text">{message.text.trim() || <span className="muted">The message has no text.</span>}</div>
      )}
    </Section>
  );
}
