/* Every page: the GOV.UK error summary. After a failed submit the summary takes focus (a screen reader reads
   it, a keyboard user starts there); each link moves focus to its field and shows the field's label. */
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    if (document.activeElement !== summary) { summary.focus(); }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) { return; }
      var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (!target) { return; }
      event.preventDefault();
      var label = target.closest("fieldset") ? target.closest("fieldset").querySelector("legend") : null;
      label = label || document.querySelector("label[for='" + target.id + "']") || target;
      label.scrollIntoView({block: "start"});
      if (target.tabIndex < 0 && !target.matches("input, select, textarea, button")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus({preventScroll: true});
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
}());

/* Every page: the behaviours that were inline event handlers, now bound here so the Content-Security-Policy
   needs no inline script (docs/security.md). data-print prints the page; a form with data-confirm asks first;
   a select with data-autosubmit submits its form when changed; a checkbox with data-locked cannot be changed
   (its value came from the registry). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    if (target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
      return;
    }
    if (target.matches("input[data-locked]")) { event.preventDefault(); }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm") &&
        !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute("data-autosubmit") && select.form) {
      select.form.submit();
    }
  });
}());
