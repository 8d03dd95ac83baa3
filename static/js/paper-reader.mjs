// The paper reader: renders each page with PDF.js (served from our own static files, its
// worker too, so the site's CSP holds), lets the member highlight text and note it, and
// keeps the list of their notes in step. Text is highlighted by selecting it with a pointer,
// or from the keyboard by typing it into "Highlight a passage": selecting text in a page
// that is not editable needs a pointer (or caret browsing, which few people know), so the
// passage is found in the page's text layer instead and then selected as a pointer would.
// Without this script the page still offers the "note on a page" form and the list, each a
// plain form.
const root = document.getElementById("paper-reader");
const csrf = document.querySelector("#page-note-form [name=csrfmiddlewaretoken]").value;
const list = document.getElementById("note-list");
const status = document.getElementById("reader-status");
const highlightForm = document.getElementById("highlight-form");
const passageForm = document.getElementById("passage-form");
const pages = new Map(); // page number → {div, viewport}
let pending = null;
let lastFind = { key: "", index: -1 };
let finder = null; // paper-reader-find.mjs, loaded with the pages

async function send(url, body) {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
    body: JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) {
    throw new Error(Object.values(data.errors || {}).flat().join(" ") || "The note could not be saved.");
  }
  return data;
}

function say(message) {
  status.textContent = message;
}

function button(label, hidden) {
  const element = document.createElement("button");
  element.type = "submit";
  element.className = "button button-secondary";
  element.append(label);
  const extra = document.createElement("span");
  extra.className = "visually-hidden";
  extra.textContent = hidden;
  element.append(extra);
  return element;
}

function noteItem(note) {
  const item = document.createElement("li");
  item.id = `note-${note.id}`;
  item.dataset.noteId = note.id;
  item.dataset.page = note.page;
  const heading = document.createElement("p");
  const strong = document.createElement("strong");
  strong.textContent = `Page ${note.page}`;
  heading.append(strong);
  if (note.rects.length) {
    const tag = document.createElement("span");
    tag.className = "tag";
    tag.textContent = "Highlight";
    heading.append(" ", tag);
  }
  item.append(heading);
  if (note.quote) {
    const quote = document.createElement("blockquote");
    quote.textContent = note.quote;
    item.append(quote);
  }
  const edit = document.createElement("form");
  edit.method = "post";
  edit.action = note.url;
  edit.className = "note-edit";
  const label = document.createElement("label");
  label.htmlFor = `note-text-${note.id}`;
  label.className = "visually-hidden";
  label.textContent = `Note on page ${note.page}`;
  const text = document.createElement("textarea");
  text.name = "text";
  text.id = label.htmlFor;
  text.rows = 3;
  text.maxLength = 5000;
  text.value = note.text;
  edit.append(label, text, button("Save", ` note on page ${note.page}`));
  const remove = document.createElement("form");
  remove.method = "post";
  remove.action = note.delete_url;
  remove.className = "note-delete";
  remove.append(button("Delete", ` note on page ${note.page}`));
  item.append(edit, remove);
  return item;
}

function drawMarks(number, rects, id, className = "note-highlight") {
  const page = pages.get(number);
  if (!page) return [];
  const marks = [];
  for (const rect of rects) {
    const [x1, y1] = page.viewport.convertToViewportPoint(rect[0], rect[1]);
    const [x2, y2] = page.viewport.convertToViewportPoint(rect[2], rect[3]);
    const mark = document.createElement("div");
    mark.className = className;
    mark.dataset.noteId = id;
    mark.style.left = `${Math.min(x1, x2)}px`;
    mark.style.top = `${Math.min(y1, y2)}px`;
    mark.style.width = `${Math.abs(x2 - x1)}px`;
    mark.style.height = `${Math.abs(y2 - y1)}px`;
    page.div.insertBefore(mark, page.div.querySelector(".textLayer"));
    marks.push(mark);
  }
  return marks;
}

function drawHighlights(note) {
  drawMarks(note.page, note.rects, note.id);
}

function added(note) {
  list.append(noteItem(note));
  document.getElementById("no-notes").hidden = true;
  drawHighlights(note);
  say(`Your note on page ${note.page} is saved.`);
}

// A highlight: the selection's line boxes, in the page's PDF coordinates.
function selectionOnPage() {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || !selection.toString().trim()) return null;
  const range = selection.getRangeAt(0);
  const start = range.startContainer.parentElement?.closest(".reader-page");
  if (!start || start !== range.endContainer.parentElement?.closest(".reader-page")) return null;
  const number = Number(start.dataset.page);
  const { viewport } = pages.get(number);
  const box = start.getBoundingClientRect();
  const rects = [];
  for (const client of range.getClientRects()) {
    if (client.width < 1 || client.height < 1) continue;
    const [x1, y1] = viewport.convertToPdfPoint(client.left - box.left, client.bottom - box.top);
    const [x2, y2] = viewport.convertToPdfPoint(client.right - box.left, client.top - box.top);
    rects.push([x1, y1, x2, y2].map((n) => Math.round(n * 100) / 100));
  }
  return rects.length ? { page: number, rects: rects.slice(0, 200), quote: selection.toString().trim().slice(0, 2000) } : null;
}

// The highlight waiting for its note is drawn on the page too, as the selection itself
// goes when the focus moves to the note.
function forgetPending() {
  if (pending) pending.marks.forEach((mark) => mark.remove());
  pending = null;
}

// `back` is where the focus returns once the highlight is saved or cancelled: the passage
// finder for a keyboard user, nothing for a pointer (which has not left the page).
function offerHighlight(back = null) {
  const found = selectionOnPage();
  if (!found) return null;
  forgetPending();
  pending = { ...found, back, marks: drawMarks(found.page, found.rects, "pending", "note-highlight note-pending") };
  document.getElementById("highlight-page").textContent = found.page;
  document.getElementById("highlight-quote").textContent = found.quote;
  highlightForm.hidden = false;
  document.getElementById("highlight-text").focus();
  return found;
}

function closeHighlight() {
  const back = pending?.back;
  forgetPending();
  highlightForm.hidden = true;
  document.getElementById("highlight-text").value = "";
  window.getSelection()?.removeAllRanges();
  back?.focus();
}

highlightForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!pending) return;
  const { page, rects, quote, back } = pending;
  try {
    const note = await send(root.dataset.notesUrl, { page, rects, quote, text: document.getElementById("highlight-text").value });
    closeHighlight();
    if (back && passageForm.contains(back)) {
      passageForm.reset();
      lastFind = { key: "", index: -1 };
    }
    added(note);
  } catch (error) {
    say(error.message);
  }
});
document.getElementById("highlight-cancel").addEventListener("click", () => {
  closeHighlight();
  say("The highlight is not saved.");
});
highlightForm.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    event.preventDefault();
    closeHighlight();
    say("The highlight is not saved.");
  }
});

function passageError(message) {
  const error = document.getElementById("passage-error");
  const input = document.getElementById("passage-start");
  error.textContent = message;
  error.hidden = !message;
  input.setAttribute("aria-describedby", message ? "passage-hint passage-error" : "passage-hint");
  if (message) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  if (message) say(message);
}

passageForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const first = finder.fold(form.elements["passage-start"].value);
  const last = finder.fold(form.elements["passage-end"].value);
  const chosen = Number(form.elements["passage-page"].value);
  const layers = [...pages]
    .filter(([number]) => !chosen || number === chosen)
    .map(([number, { div }]) => [number, div.querySelector(".textLayer")]);
  const where = chosen ? `page ${chosen}` : "any page";
  if (!first) {
    passageError("Passage to highlight: type the words to highlight, as they are on the page.");
    return;
  }
  const found = finder.findPassage(layers, first, last);
  if (!found.length) {
    passageError(
      last
        ? `Passage to highlight: no passage on ${where} starts with those words and ends with "${form.elements["passage-end"].value.trim()}". Check both, or leave the last words empty.`
        : `Passage to highlight: "${form.elements["passage-start"].value.trim()}" is not on ${where}. Type the words as they are on the page.`,
    );
    return;
  }
  // Finding the same words again moves on to their next place.
  const key = JSON.stringify([chosen, first, last]);
  const index = key === lastFind.key ? (lastFind.index + 1) % found.length : 0;
  lastFind = { key, index };
  passageError("");
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(found[index].range);
  const offered = offerHighlight(form.elements["passage-start"]);
  if (!offered) {
    passageError("Passage to highlight: that passage cannot be highlighted here; choose a shorter one.");
    return;
  }
  const more = found.length > 1 ? ` It is there ${found.length} times: this is number ${index + 1}; find again for the next.` : "";
  say(`Found on page ${offered.page}: "${offered.quote}".${more} Write a note, then save the highlight.`);
});

document.getElementById("page-note-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  try {
    added(await send(root.dataset.notesUrl, { page: Number(form.page.value), text: form.text.value }));
    form.text.value = "";
  } catch (error) {
    say(error.message);
  }
});

list.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const item = form.closest("li");
  try {
    if (form.classList.contains("note-delete")) {
      await send(form.action, {});
      for (const mark of document.querySelectorAll(`.note-highlight[data-note-id="${item.dataset.noteId}"]`)) mark.remove();
      item.remove();
      document.getElementById("no-notes").hidden = list.children.length > 0;
      say("Your note is deleted.");
    } else {
      await send(form.action, { text: form.text.value });
      say(`Your note on page ${item.dataset.page} is saved.`);
    }
  } catch (error) {
    say(error.message);
  }
});

async function render() {
  const pdfjs = await import(root.dataset.pdfjsUrl);
  finder = await import(root.dataset.finderUrl);
  pdfjs.GlobalWorkerOptions.workerSrc = root.dataset.workerUrl;
  const pdf = await pdfjs.getDocument({ url: root.dataset.pdfUrl, isEvalSupported: false }).promise;
  const holder = document.getElementById("reader-canvas");
  // Rounded down: clientWidth rounds a column of 676.8px up to 677, and a page a fraction
  // wider than its column makes the column a scroller, which Chromium adds to the tab order.
  const width = Math.min(Math.floor(holder.getBoundingClientRect().width) || 800, 900);
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number);
    const scale = width / page.getViewport({ scale: 1 }).width;
    const viewport = page.getViewport({ scale });
    const label = document.createElement("p");
    label.className = "reader-page-label muted";
    label.textContent = `Page ${number} of ${pdf.numPages}`;
    const div = document.createElement("div");
    div.className = "reader-page";
    div.dataset.page = number;
    div.style.width = `${viewport.width}px`;
    div.style.height = `${viewport.height}px`;
    div.style.setProperty("--scale-factor", viewport.scale);
    div.style.setProperty("--total-scale-factor", viewport.scale);
    const canvas = document.createElement("canvas");
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${viewport.width}px`;
    canvas.style.height = `${viewport.height}px`;
    canvas.setAttribute("aria-hidden", "true");
    const text = document.createElement("div");
    text.className = "textLayer";
    div.append(canvas, text);
    holder.append(label, div);
    pages.set(number, { div, viewport });
    await page.render({
      canvas,
      canvasContext: canvas.getContext("2d"),
      viewport,
      transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null,
    }).promise;
    await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
  }
  const { notes } = await (await fetch(root.dataset.notesUrl, { headers: { Accept: "application/json" } })).json();
  notes.forEach(drawHighlights);
  const choice = document.getElementById("passage-page");
  for (const number of pages.keys()) choice.append(new Option(`Page ${number}`, number));
  passageForm.hidden = false;
  holder.addEventListener("mouseup", () => offerHighlight());
  holder.addEventListener("keyup", (event) => event.shiftKey && offerHighlight());
  root.dataset.ready = "true";
}

render().catch((error) => {
  say(`The paper could not be shown here (${error.message}); download it, and add notes with the form.`);
});
