import sanitizeHtml from 'sanitize-html';

/** `cid:` references as parse.ts leaves them: the SHA-256 of the file the image is. */
const INLINE_IMAGE = /^cid:([0-9a-f]{64})$/i;

export interface SanitisedHtml {
  html: string;
  /** Remote images replaced by their alt text. */
  remoteImagesBlocked: number;
  /** Images the message carries itself (`cid:`), replaced by their alt text until images are shown. */
  inlineImagesHidden: number;
}

/** The files (by SHA-256) that the HTML shows as inline images, so that only those are opened. */
export function inlineImageHashes(html: string): string[] {
  return [...new Set([...html.matchAll(/\bcid:([0-9a-f]{64})\b/gi)].map((m) => m[1]!.toLowerCase()))];
}

/**
 * HTML e-mail as staff may see it: no scripts, forms, frames or styles that load anything; links
 * open outside Postbag. Images stay out until the user asks for them: remote ones tell the sender
 * the message was opened, and when. Every image whose source is not `data:` or the message's own
 * file is remote, however it is written (`//host/x`, `\\host\x`, `/\host`): browsers fetch those
 * too. `inline`: the message's kept image files by SHA-256, each a `data:` URL once images are
 * shown (null until then); an image of a file withheld cannot be shown even when asked.
 */
export function sanitiseEmailHtml(html: string, show: { images: boolean; inline: ReadonlyMap<string, string | null> }): SanitisedHtml {
  let remote = 0;
  let inline = 0;
  const hide = (attribs: sanitizeHtml.Attributes) => ({ tagName: 'span', attribs: {}, text: attribs.alt ? `[image: ${attribs.alt}]` : '[image]' });
  const clean = sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center'],
    allowedAttributes: {
      // rel and target are set below, for every link.
      a: ['href', 'title', 'rel', 'target'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align'],
      th: ['colspan', 'rowspan', 'align'],
      '*': ['dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: show.images ? ['http', 'https', 'data'] : ['data'] },
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        if (/^data:/i.test(src)) return { tagName, attribs };
        const file = INLINE_IMAGE.exec(src)?.[1]?.toLowerCase();
        if (file !== undefined || /^cid:/i.test(src)) {
          const data = file === undefined ? undefined : show.inline.get(file);
          if (data) return { tagName, attribs: { ...attribs, src: data } };
          if (data === null) inline++;
          return hide(attribs);
        }
        if (show.images && /^https?:\/\/[^/\\]/i.test(src)) return { tagName, attribs };
        if (!show.images) remote++;
        return hide(attribs);
      },
    },
  });
  return { html: clean, remoteImagesBlocked: remote, inlineImagesHidden: inline };
}
