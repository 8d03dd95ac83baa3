// Finding a passage a member typed in the text layers PDF.js draws over a paper's pages, for
// the reader (paper-reader.mjs) to select and highlight as if it had been selected with a
// pointer.

// Text as the finder compares it: compatibility forms folded (a PDF's "ﬁ" ligature is "fi"),
// typographic quotes and dashes as typed ones, case ignored, and no white space at all: a
// PDF's text runs break lines and sometimes words where the reader sees no gap.
const FOLDS = { "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-" };

export function fold(text) {
  return [...text.normalize("NFKC").toLowerCase()].map((c) => FOLDS[c] ?? c).join("").replace(/\s+/gu, "");
}

// A page's text layer as one folded string, with the text node and offset each character
// of it came from.
function pageText(layer) {
  const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
  let text = "";
  const at = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let offset = 0; offset < node.data.length; offset += 1) {
      const code = node.data.charCodeAt(offset);
      const wide = code >= 0xd800 && code <= 0xdbff;
      const folded = fold(node.data.slice(offset, offset + (wide ? 2 : 1)));
      for (let k = 0; k < folded.length; k += 1) at.push({ node, start: offset, end: offset + (wide ? 2 : 1) });
      text += folded;
      if (wide) offset += 1;
    }
  }
  return { text, at };
}

// Every place the passage is on the pages given (page number → text layer), as a range
// of the layer's text: from its first words through to its last words when those are
// given, on one page (a note belongs to one page). Both are folded already.
export function findPassage(layers, first, last) {
  const found = [];
  for (const [number, layer] of layers) {
    const { text, at } = pageText(layer);
    for (let from = text.indexOf(first); from !== -1; from = text.indexOf(first, from + 1)) {
      let to = from + first.length;
      if (last) {
        const end = text.indexOf(last, to);
        if (end === -1) break;
        to = end + last.length;
      }
      const range = document.createRange();
      range.setStart(at[from].node, at[from].start);
      range.setEnd(at[to - 1].node, at[to - 1].end);
      found.push({ number, range });
    }
  }
  return found;
}
