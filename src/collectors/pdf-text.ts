// Text (and link targets) of a PDF, for statements published as PDF files. Runs in Node, offline.
//
// Library: unpdf, which ships a serverless build of Mozilla's PDF.js with no dependencies and no native addon
// (the optional @napi-rs/canvas peer is only for rendering pages to images, which we never do). pdfjs-dist itself
// pulls @napi-rs/canvas, a prebuilt native binary, as an optional dependency and needs DOM polyfills in Node.
// Nothing here touches the network: fonts are not fetched (text extraction reads the PDF's own encodings).
import { extractLinks, extractText, getDocumentProxy } from 'unpdf';

/** PDF.js may detach the buffer it is given; callers keep theirs. */
function copy(data: Uint8Array): Uint8Array {
  return new Uint8Array(data);
}

/**
 * Extracted text of every page, pages separated by a blank line. Line breaks of the PDF are kept (PDF.js `hasEOL`),
 * runs of spaces collapsed. Hyphenation and broken lines are left as they are: the statement parser joins them.
 * Throws on a file PDF.js cannot open (not a PDF, encrypted with a password); the caller records that as the page's error.
 */
export async function pdfToText(data: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(copy(data), { stopAtErrors: false, verbosity: 0 });
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text
      .map((page) => page.replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').trim())
      .filter((page) => page.length > 0)
      .join('\n\n');
  } finally {
    await pdf.loadingTask.destroy();
  }
}

/** URIs of the link annotations in a PDF (e.g. the statement's link to its evaluation report), in page order, unique. */
export async function pdfLinks(data: Uint8Array): Promise<string[]> {
  const pdf = await getDocumentProxy(copy(data), { stopAtErrors: false, verbosity: 0 });
  try {
    const { links } = await extractLinks(pdf);
    return [...new Set(links)];
  } finally {
    await pdf.loadingTask.destroy();
  }
}
