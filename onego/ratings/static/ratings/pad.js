/* The window rating pad: polls the window's state every 2 s and shows the matching panel; after 「办理完毕」 the
   grades for that visit; posts the rating, thanks the applicant and goes back to idle. CSP: no inline code;
   the first state comes from a json_script block. */
(function () {
  "use strict";
  var POLL_MS = 2000;
  var THANKS_MS = 4000;
  var body = document.body;
  var stateUrl = body.getAttribute("data-state-url");
  var form = document.querySelector(".pad-form");
  var errorBox = document.querySelector(".pad-error");
  var submit = document.querySelector(".pad-submit");
  var current = JSON.parse(document.getElementById("pad-state").textContent);
  var holdUntil = 0; // while the thanks (or an error) is on screen, polling does not switch panels
  var shownVisit = current.state === "rate" ? current.visit : null;

  function show(name) {
    document.querySelectorAll("[data-panel]").forEach(function (panel) {
      panel.hidden = panel.getAttribute("data-panel") !== name;
    });
  }

  function bind(state) {
    document.querySelectorAll("[data-bind]").forEach(function (el) {
      var key = el.getAttribute("data-bind");
      if (!(key in state)) { return; }
      var value = state[key] === null ? "" : String(state[key]);
      if (el.tagName === "INPUT") { el.value = value; } else { el.textContent = value; }
    });
    var photo = document.querySelector(".pad-photo");
    if (photo && state.photo && photo.getAttribute("src") !== state.photo) { photo.setAttribute("src", state.photo); }
  }

  function resetForm() {
    if (!form) { return; }
    form.reset();
    errorBox.textContent = "";
    submit.disabled = false;
  }

  function apply(state) {
    current = state;
    if (Date.now() < holdUntil) { return; }
    if (state.state === "rate" && state.visit !== shownVisit) {
      resetForm();
      shownVisit = state.visit;
    }
    if (state.state !== "rate") { shownVisit = null; }
    bind(state);
    show(state.state);
  }

  function poll() {
    fetch(stateUrl, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) { if (state) { apply(state); } })
      .catch(function () { /* the network blinked: the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, POLL_MS); });
  }

  function backToState() {
    holdUntil = 0;
    apply(current);
  }

  if (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      errorBox.textContent = "";
      submit.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
        .then(function (res) {
          if (res.ok) {
            holdUntil = Date.now() + THANKS_MS;
            shownVisit = null;
            show("thanks");
            resetForm();
            window.setTimeout(function () { backToState(); }, THANKS_MS);
            return;
          }
          submit.disabled = false;
          errorBox.textContent = res.data.message || "";
          if (res.data.code === "pad_stale" || res.data.code === "already_rated") {
            holdUntil = Date.now() + THANKS_MS;
            window.setTimeout(function () { resetForm(); backToState(); }, THANKS_MS);
          }
        })
        .catch(function () {
          submit.disabled = false;
          errorBox.textContent = errorBox.getAttribute("data-offline") || "";
        });
    });
  }

  window.setTimeout(poll, POLL_MS);
})();
