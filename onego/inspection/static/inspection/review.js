/* The reviewer's page: a keyframe jumps its video to that moment; "记录当前视频时间点" stores the video and the
   second the reviewer last watched beside the checklist item. */
(function () {
  "use strict";
  var last = null;  // the video played or sought last
  var videos = document.querySelectorAll(".rv-video video");
  Array.prototype.forEach.call(videos, function (v) {
    ["play", "seeked", "timeupdate"].forEach(function (e) { v.addEventListener(e, function () { last = v; }); });
    // A browser recording (WebM from MediaRecorder) stores no duration: seeking far past the end once makes the
    // player read to the end and learn it, so its seek bar works; then it goes back to the start.
    v.addEventListener("loadedmetadata", function () {
      if (v.duration !== Infinity) { return; }
      v.addEventListener("durationchange", function back() {
        if (v.duration === Infinity) { return; }
        v.removeEventListener("durationchange", back);
        if (!v.dataset.sought) { v.currentTime = 0; }  // unless the reviewer jumped somewhere meanwhile
      });
      v.currentTime = 1e101;
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".rv-thumb"), function (b) {
    b.addEventListener("click", function () {
      var v = document.querySelector('.rv-video video[data-upload="' + b.getAttribute("data-upload") + '"]');
      if (!v) { return; }
      v.dataset.sought = "1";
      v.currentTime = Number(b.getAttribute("data-t")); last = v; v.scrollIntoView({block: "nearest"});
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll(".rv-mark"), function (b) {
    b.addEventListener("click", function () {
      if (!last) { last = videos[0]; }
      if (!last) { return; }
      var code = b.getAttribute("data-code"), t = Math.round(last.currentTime * 10) / 10;
      document.querySelector('input[name="vid_' + code + '"]').value = last.getAttribute("data-upload");
      document.querySelector('input[name="t_' + code + '"]').value = t;
      b.parentNode.querySelector(".rv-moment").textContent = "视频 " + last.getAttribute("data-plan") + " 第 " + t + " 秒";
    });
  });
}());
