import PDFDocument from 'pdfkit';

export interface LetterLayout {
  logo: Buffer | null;
  letterheadAddress: string;
  date: string;
  recipient: string[];
  ourReference: string;
  yourReference: string | null;
  subject: string;
  body: string;
  memberName: string;
  signature: string;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Whether the image can be put on a page: a file that only starts like a PNG or JPEG is found out here, not when a letter is due. */
export async function drawable(image: Buffer): Promise<boolean> {
  try {
    const doc = new PDFDocument({ size: 'A4' });
    const done = collect(doc);
    doc.image(image, 0, 0, { fit: [160, 70] });
    doc.end();
    await done;
    return true;
  } catch {
    return false;
  }
}

const VALEDICTION = /^(yours (sincerely|faithfully|truly)|kind(est)? regards|best (regards|wishes)|warm(est)? regards|with (best|kind) regards|regards|many thanks)\b[,.!]?$/i;

/**
 * The letter's own sign-off, where the writer typed one ("Yours sincerely," and perhaps a name
 * on the two lines after it): it takes the place of the standard one instead of doubling it.
 */
export function closingOf(body: string): { text: string; closing: string; signedBy: string[] } {
  const lines = body.trimEnd().split('\n');
  const at = lines.findLastIndex((line, i) => i >= lines.length - 3 && VALEDICTION.test(line.trim()));
  if (at === -1) return { text: body.trimEnd(), closing: 'Yours sincerely,', signedBy: [] };
  return { text: lines.slice(0, at).join('\n').trimEnd(), closing: lines[at]!.trim(), signedBy: lines.slice(at + 1).map((l) => l.trim()).filter(Boolean) };
}

/**
 * A letter on the office's letterhead, A4, ready to print and sign. Streams are left uncompressed:
 * a one-page letter is small anyway, and its words can then be found in the file.
 */
export function renderLetter(letter: LetterLayout): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 64, right: 64 }, compress: false, info: { Title: letter.subject, Producer: 'Postbag' } });
  const done = collect(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const top = doc.y;

  if (letter.logo) doc.image(letter.logo, left, top, { fit: [160, 70] });
  doc.font('Helvetica').fontSize(9);
  if (letter.letterheadAddress) doc.text(letter.letterheadAddress, left, top, { width, align: 'right' });
  doc.y = Math.max(doc.y, top + 80) + 20;

  doc.fontSize(11).text(letter.recipient.join('\n'), left);
  doc.moveDown(1.5);
  doc.text(letter.date, { width, align: 'right' });
  doc.text(`Our reference: ${letter.ourReference}`, { width, align: 'right' });
  if (letter.yourReference) doc.text(`Your reference: ${letter.yourReference}`, { width, align: 'right' });
  doc.moveDown(1.5);
  if (letter.subject) doc.font('Helvetica-Bold').text(letter.subject, left).font('Helvetica').moveDown();
  const { text, closing, signedBy } = closingOf(letter.body);
  doc.text(text, left, doc.y, { width, paragraphGap: 6 });

  // Room for the member to sign by hand, above the printed name.
  doc.moveDown(1.5).text(closing).moveDown(4);
  if (signedBy.length) doc.text(signedBy.join('\n'));
  else {
    doc.font('Helvetica-Bold').text(letter.memberName).font('Helvetica');
    if (letter.signature) doc.text(letter.signature);
  }
  doc.end();
  return done;
}
