/* Give the admin's rich-text editors the name of their field.

   Wagtail's Draftail editor draws a contenteditable role="textbox" beside the field's
   hidden input, but the field's <label for> points at that hidden input, so screen readers
   announce an unnamed text box (axe: aria-input-field-name; Wagtail issue 14205). This
   points each editor at its field's label, for the editors on the page and for those added
   later (a new StreamField block, a new row of an inline panel). */
(function () {
  "use strict";

  function labelOf(input) {
    var label = document.getElementById(input.id + "-label");
    if (!label) {
      // Labels drawn in the browser (a StreamField block's fields) have no id of their own.
      label = document.querySelector('label[for="' + CSS.escape(input.id) + '"]');
      if (label && !label.id) label.id = input.id + "-label";
    }
    return label;
  }

  function nameEditors() {
    document.querySelectorAll("[data-draftail-input][id]").forEach(function (input) {
      var box = input.parentElement.querySelector('[contenteditable][role="textbox"]');
      if (!box || box.hasAttribute("aria-labelledby") || box.hasAttribute("aria-label")) return;
      var label = labelOf(input);
      if (label) box.setAttribute("aria-labelledby", label.id);
    });
  }

  function start() {
    nameEditors();
    new MutationObserver(nameEditors).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
