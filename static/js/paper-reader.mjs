// The paper reader: renders each page with PDF.js (served from our own static files, its
// worker too, so the site's CSP holds), lets the member highlight selected text and note
// it, and keeps the list of their notes in step. Without this script the page still offers
// the "note on a page" form and the list, each a plain form.
const root = document.getElementById("paper-reader");
const csrf = document.querySelector("#page-note-form [name=csrfmiddlewaretoken]").value;
const list = document.getElementById("note-list");
const status = document.getElementById("reader-status");
const highlightForm = document.getElementById("highlight-form");
const pages = new Map(); // page number → {div, viewport}
let pending = null;

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

function drawHighlights(note) {
  const page = pages.get(note.page);
  if (!page) return;
  for (const rect of note.rects) {
    const [x1, y1] = page.viewport.convertToViewportPoint(rect[0], rect[1]);
    const [x2, y2] = page.viewport.convertToViewportPoint(rect[2], rect[3]);
    const mark = document.createElement("div");
    mark.className = "note-highlight";
    mark.dataset.noteId = note.id;
    mark.style.left = `${Math.min(x1, x2)}px`;
    mark.style.top = `${Math.min(y1, y2)}px`;
    mark.style.width = `${Math.abs(x2 - x1)}px`;
    mark.style.height = `${Math.abs(y2 - y1)}px`;
    page.div.insertBefore(mark, page.div.querySelector(".textLayer"));
  }
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

function offerHighlight() {
  const found = selectionOnPage();
  if (!found) return;
  pending = found;
  document.getElementById("highlight-page").textContent = found.page;
  document.getElementById("highlight-quote").textContent = found.quote;
  highlightForm.hidden = false;
  document.getElementById("highlight-text").focus();
}

highlightForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!pending) return;
  try {
    added(await send(root.dataset.notesUrl, { ...pending, text: document.getElementById("highlight-text").value }));
    pending = null;
    highlightForm.hidden = true;
    document.getElementById("highlight-text").value = "";
    window.getSelection()?.removeAllRanges();
  } catch (error) {
    say(error.message);
  }
});
document.getElementById("highlight-cancel").addEventListener("click", () => {
  pending = null;
  highlightForm.hidden = true;
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
  holder.addEventListener("mouseup", offerHighlight);
  holder.addEventListener("keyup", (event) => event.shiftKey && offerHighlight());
  root.dataset.ready = "true";
}

render().catch((error) => {
  say(`The paper could not be shown here (${error.message}); download it, and add notes with the form.`);
});
