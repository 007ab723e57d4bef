// The hall's display page: with more stars than fit (data-per-page), show them a page at a time, cycling every
// data-seconds seconds. No inline script (CSP): this file is the page's only script.
(function () {
  "use strict";
  var box = document.querySelector("[data-per-page]");
  if (!box) { return; }
  var cards = Array.prototype.slice.call(box.querySelectorAll(".display-star"));
  var perPage = parseInt(box.getAttribute("data-per-page"), 10) || 4;
  var seconds = parseInt(box.getAttribute("data-seconds"), 10) || 8;
  if (cards.length <= perPage) { return; }
  var page = 0;
  var pages = Math.ceil(cards.length / perPage);
  function show() {
    cards.forEach(function (card, i) { card.hidden = Math.floor(i / perPage) !== page; });
  }
  show();
  window.setInterval(function () { page = (page + 1) % pages; show(); }, seconds * 1000);
}());
