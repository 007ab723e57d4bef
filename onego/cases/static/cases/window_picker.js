// The window's item picker: filters the listed items and bundles as the clerk types (name or code, every
// word must match). Without scripts the same search runs on the server (the form's GET with q).
(function () {
  "use strict";
  var input = document.querySelector("[data-picker-filter]");
  if (!input) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-picker-item]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-picker-group]"));
  var count = document.querySelector("[data-picker-count]");
  var none = document.querySelector("[data-picker-none]");
  var scope = document.querySelectorAll("input[name=all]");
  function apply() {
    var words = input.value.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (li) {
      var text = li.getAttribute("data-search");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      li.hidden = !match;
      if (match) { shown += 1; }
    });
    groups.forEach(function (h) {
      var list = h.nextElementSibling;
      var visible = list && list.querySelector("[data-picker-item]:not([hidden])");
      h.hidden = !visible;
      if (list) { list.hidden = !visible; }
    });
    if (count) { count.textContent = count.getAttribute("data-template").replace("__N__", String(shown)); }
    if (none) { none.hidden = shown !== 0 || items.length === 0; }
  }
  input.addEventListener("input", apply);
  // Enter (or the 查找 button) still asks the server, which searches every item, not only those listed.
  Array.prototype.forEach.call(scope, function (radio) {
    radio.addEventListener("change", function () { radio.form.submit(); });
  });
  if (input.value) { apply(); }
})();
