// A "Copy" button beside a read-only address: shown only where the browser can copy, with
// the outcome announced in the status region beside it.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector(".copy-status");
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = "Copied. Paste it into your calendar's “subscribe” box.";
    } catch {
      field.select();
      if (status) status.textContent = "Your browser did not allow copying: the address is selected, copy it with Ctrl+C.";
    }
  });
});
