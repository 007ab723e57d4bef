/* While a run goes on, poll its progress box every two seconds; reload the page once the run has finished so
   the items and the step log show. Works without HTMX. */
(function () {
  function poll() {
    var box = document.getElementById("run-progress");
    if (!box || !box.getAttribute("data-poll")) { return; }
    fetch(box.getAttribute("data-poll"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var t = document.createElement("template");
        t.innerHTML = html.trim();
        var fresh = t.content.firstElementChild;
        if (!fresh) { return; }
        box.replaceWith(fresh);
        if (fresh.hasAttribute("data-finished")) { window.location.reload(); } else { setTimeout(poll, 2000); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () { setTimeout(poll, 2000); });
}());
