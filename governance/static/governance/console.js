// The chair's console: register ticks saved one by one, the item's timer, and an agency
// lead list narrowed to the chosen agency. Without this script every part still works
// through its plain form.
(function () {
  "use strict";

  function say(region, text) {
    if (region) region.textContent = text;
  }

  var status = document.getElementById("register-status");
  document.querySelectorAll(".register-row").forEach(function (form) {
    var tick = form.querySelector(".register-tick");
    var present = form.querySelector("input[name=present]");
    var button = form.querySelector(".register-save");
    if (!tick || !present) return;
    if (button) button.hidden = true;
    tick.addEventListener("change", function () {
      present.value = tick.checked ? "1" : "0";
      var body = new FormData(form);
      fetch(form.action || window.location.href, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value,
        },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) throw new Error(data.error || "Not saved.");
            say(status, data.message);
          });
        })
        .catch(function (error) {
          tick.checked = !tick.checked;
          say(status, error.message + " Nothing was saved.");
        });
    });
  });

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }
  document.querySelectorAll(".item-timer[data-opened]").forEach(function (timer) {
    var opened = Date.parse(timer.dataset.opened);
    var allowed = parseInt(timer.dataset.allowed, 10);
    if (isNaN(opened)) return;
    function tick() {
      var seconds = Math.max(0, Math.floor((Date.now() - opened) / 1000));
      var text = Math.floor(seconds / 60) + ":" + two(seconds % 60) + " elapsed";
      if (!isNaN(allowed)) {
        var over = seconds > allowed * 60;
        text += over ? ", over the " + allowed + " minutes allowed" : " of " + allowed + ":00";
        timer.classList.toggle("item-timer-over", over);
      }
      timer.textContent = text;
    }
    tick();
    window.setInterval(tick, 1000);
  });

  document.querySelectorAll("select[data-narrowed-by]").forEach(function (lead) {
    var agency = document.querySelector("select[name='" + lead.dataset.narrowedBy + "']");
    if (!agency) return;
    function narrow() {
      Array.prototype.forEach.call(lead.options, function (option) {
        if (!option.value) return;
        var agencies = (option.dataset.agencies || "").split(" ");
        var fits = !agency.value || agencies.indexOf(agency.value) !== -1;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) lead.value = "";
      });
    }
    agency.addEventListener("change", narrow);
    narrow();
  });
})();
