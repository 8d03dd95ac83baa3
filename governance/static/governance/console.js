// The meeting console's helps; each step of the console works without them.

// The register is saved as it is ticked: each change posts the whole form, and the answer
// is announced beside the save button.
document.querySelectorAll("form[data-autosave]").forEach((form) => {
  const status = form.querySelector(".register-status");
  form.addEventListener("change", async () => {
    const response = await fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    }).catch(() => null);
    const answer = response ? await response.json().catch(() => ({})) : {};
    if (status) {
      status.textContent = answer.message || "Not saved: press “Save the register”.";
    }
  });
});

// An item's timer counts from when the chair starts it, against the minutes allotted; the
// start is kept for the browser's session, so moving between items does not reset it.
document.querySelectorAll(".item-timer").forEach((timer) => {
  const key = `tabled-timer-${timer.dataset.timer}`;
  const allotted = Number(timer.dataset.minutes) * 60;
  const display = timer.querySelector(".timer-display");
  const button = timer.querySelector(".timer-start");
  const show = () => {
    const started = Number(sessionStorage.getItem(key));
    if (!started) return;
    const elapsed = Math.floor((Date.now() - started) / 1000);
    const minutes = Math.floor(elapsed / 60);
    const seconds = String(elapsed % 60).padStart(2, "0");
    display.textContent = `${minutes}:${seconds} elapsed.`;
    display.classList.toggle("timer-over", elapsed > allotted);
    if (elapsed > allotted) display.textContent += " Over time.";
  };
  button.hidden = false;
  button.addEventListener("click", () => {
    sessionStorage.setItem(key, String(Date.now()));
    button.textContent = "Restart the timer";
    show();
  });
  if (sessionStorage.getItem(key)) button.textContent = "Restart the timer";
  show();
  setInterval(show, 1000);
});

// A challenge's agency lead is offered from the chosen agency's people.
document.querySelectorAll("select[name$='-agency']").forEach((agency) => {
  const lead = agency.form && agency.form.querySelector("select[name$='-agency_lead']");
  if (!lead) return;
  const narrow = () => {
    const chosen = agency.value;
    lead.querySelectorAll("option[value]:not([value=''])").forEach((option) => {
      const fits = !chosen || (option.dataset.agencies || "").split(" ").includes(chosen);
      option.hidden = !fits;
      option.disabled = !fits;
      if (!fits && option.selected) lead.value = "";
    });
  };
  agency.addEventListener("change", narrow);
  narrow();
});

// After a save the confirmation is brought into view and read out.
const saved = document.getElementById("saved");
if (saved && saved.textContent.trim() && window.location.hash === "#saved") saved.focus();
