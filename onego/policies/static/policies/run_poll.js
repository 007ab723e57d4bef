/* Poll the progress fragment every second until the job is done or failed, then reload to show the results.
   HTMX does the same from the hx-* attributes when the site loads it; this runs only without it. */
(function () {
  if (window.htmx) { return; }
  function poll() {
    var box = document.getElementById("run-progress");
    if (!box || !box.getAttribute("hx-get")) { return; }
    fetch(box.getAttribute("hx-get"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var t = document.createElement("template");
        t.innerHTML = html.trim();
        var fresh = t.content.firstElementChild;
        if (!fresh) { return; }
        box.replaceWith(fresh);
        if (fresh.hasAttribute("data-finished")) { window.location.reload(); } else { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
