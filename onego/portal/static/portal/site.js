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
