/* Signature pad: draws with pointer events (finger, pen or mouse) and keeps a PNG data URL in the hidden
   #signature-data input. Also disables the submit buttons once a form is sent (double clicks). */
(function () {
  "use strict";
  var canvas = document.getElementById("signature-pad");
  var input = document.getElementById("signature-data");
  var state = document.getElementById("signature-state");
  var clearBtn = document.getElementById("signature-clear");
  if (canvas && input) {
    var ctx = canvas.getContext("2d");
    var drawing = false, last = null, dirty = false;
    var setup = function () {
      ctx.lineWidth = 3; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#111";
    };
    setup();
    var initial = canvas.getAttribute("data-initial");
    if (initial) {
      var img = new Image();
      img.onload = function () { ctx.drawImage(img, 0, 0, canvas.width, canvas.height); };
      img.src = initial;
    }
    var point = function (e) {
      var r = canvas.getBoundingClientRect();
      return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
    };
    var save = function () {
      input.value = canvas.toDataURL("image/png");
      if (state) { state.textContent = "已签名"; }
    };
    canvas.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      drawing = true; last = point(e);
      if (canvas.setPointerCapture) { canvas.setPointerCapture(e.pointerId); }
      ctx.beginPath(); ctx.arc(last.x, last.y, 1.2, 0, Math.PI * 2); ctx.fill();
      dirty = true;
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) { return; }
      e.preventDefault();
      var p = point(e);
      ctx.beginPath(); ctx.moveTo(last.x, last.y); ctx.lineTo(p.x, p.y); ctx.stroke();
      last = p; dirty = true;
    });
    var end = function () {
      if (drawing && dirty) { save(); }
      drawing = false;
    };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);
    if (clearBtn) {
      clearBtn.addEventListener("click", function () {
        ctx.clearRect(0, 0, canvas.width, canvas.height); setup();
        input.value = ""; dirty = false;
        if (state) { state.textContent = "尚未签名"; }
      });
    }
  }
  // The commitment letter only matters for the commitment route.
  var box = document.getElementById("commitment-box");
  if (box) {
    var radios = document.querySelectorAll('input[name="route"]');
    var sync = function () {
      var chosen = document.querySelector('input[name="route"]:checked');
      box.hidden = !(chosen && chosen.value === "commitment");
    };
    Array.prototype.forEach.call(radios, function (r) { r.addEventListener("change", sync); });
    sync();
  }
  // One submit per form: the idempotency key makes a second one harmless, this makes it rare.
  Array.prototype.forEach.call(document.querySelectorAll("form.ap-form"), function (form) {
    form.addEventListener("submit", function () {
      setTimeout(function () {
        Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) { b.disabled = true; });
      }, 0);
    });
  });
})();
