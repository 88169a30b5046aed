import { describe, expect, it } from 'vitest';
import { inlineImageHashes, sanitiseEmailHtml } from './html.js';

const hidden = { images: false, inline: new Map<string, string | null>() };
const shown = { images: true, inline: new Map<string, string | null>() };

describe('sanitiseEmailHtml: the image blocker', () => {
  it.each([
    ['https://tracker.example/p.gif'],
    ['HTTP://tracker.example/p.gif'],
    ['//tracker.example/p.gif'],
    ['\\\\tracker.example\\p.gif'],
    ['/\\tracker.example/p.gif'],
    [' //tracker.example/p.gif'],
    ['p.gif'],
    ['ftp://tracker.example/p.gif'],
  ])('blocks a remote image written as %s', (src) => {
    const result = sanitiseEmailHtml(`<p>Hi <img src="${src}" alt="logo"></p>`, hidden);
    expect(result.html).toBe('<p>Hi <span>[image: logo]</span></p>');
    expect(result.remoteImagesBlocked).toBe(1);
  });

  it('lets only absolute http(s) images through once the user asks, never the disguised ones', () => {
    const html = '<img src="https://cdn.example/a.png"><img src="//tracker.example/b.gif" alt="b"><img src="\\\\tracker.example\\c.gif" alt="c">';
    const result = sanitiseEmailHtml(html, shown);
    expect(result.html).toBe('<img src="https://cdn.example/a.png" /><span>[image: b]</span><span>[image: c]</span>');
    expect(result.remoteImagesBlocked).toBe(0);
  });

  it('keeps data: images, which reach nothing', () => {
    const src = 'data:image/png;base64,iVBORw0KGgo=';
    expect(sanitiseEmailHtml(`<img src="${src}">`, hidden)).toEqual({ html: `<img src="${src}" />`, remoteImagesBlocked: 0, inlineImagesHidden: 0 });
  });

  it('shows an inline image as its file once images are shown, and hides it until then', () => {
    const hash = 'a'.repeat(64);
    const html = `<img src="cid:${hash}" alt="pothole"><img src="cid:${'b'.repeat(64)}" alt="withheld"><img src="cid:other@x" alt="unknown">`;
    expect(inlineImageHashes(html)).toEqual([hash, 'b'.repeat(64)]);
    const before = sanitiseEmailHtml(html, { images: false, inline: new Map([[hash, null]]) });
    expect(before).toEqual({ html: '<span>[image: pothole]</span><span>[image: withheld]</span><span>[image: unknown]</span>', remoteImagesBlocked: 0, inlineImagesHidden: 1 });
    const after = sanitiseEmailHtml(html, { images: true, inline: new Map([[hash, 'data:image/jpeg;base64,/9j/']]) });
    expect(after.html).toBe('<img src="data:image/jpeg;base64,/9j/" alt="pothole" /><span>[image: withheld]</span><span>[image: unknown]</span>');
  });
});
