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
  doc.text(letter.body, left, doc.y, { width, paragraphGap: 6 });

  // Room for the member to sign by hand, above their printed name.
  doc.moveDown(1.5).text('Yours sincerely,').moveDown(4);
  doc.font('Helvetica-Bold').text(letter.memberName).font('Helvetica');
  if (letter.signature) doc.text(letter.signature);
  doc.end();
  return done;
}
