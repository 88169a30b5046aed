import sanitizeHtml from 'sanitize-html';

/**
 * HTML e-mail as staff may see it: no scripts, forms, frames or styles that load anything; links
 * open outside Postbag; remote images (which tell the sender the message was opened, and when)
 * are replaced by their alt text until the user asks for them.
 */
export function sanitiseEmailHtml(html: string, showRemoteImages: boolean): { html: string; remoteImagesBlocked: number } {
  let blocked = 0;
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
    allowedSchemesByTag: { img: showRemoteImages ? ['http', 'https', 'data'] : ['data'] },
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
      img: (tagName, attribs) => {
        if (!showRemoteImages && /^https?:/i.test(attribs.src ?? '')) {
          blocked++;
          return { tagName: 'span', attribs: {}, text: attribs.alt ? `[image: ${attribs.alt}]` : '[image]' };
        }
        return { tagName, attribs };
      },
    },
  });
  return { html: clean, remoteImagesBlocked: blocked };
}
