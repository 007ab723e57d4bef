/* On-site recording (现场视频录制): records with the phone's camera (MediaRecorder), takes a high-accuracy
   position when recording starts and ends, and uploads in chunks that resume after a dropped connection.
   A phone video file can be uploaded instead. The server decodes and checks every video. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("rec-config").textContent);
  // the page's texts in its language (onego/inspection/views.py, _recording_texts)
  var texts = JSON.parse(document.getElementById("rec-texts").textContent);
  var api = "/api/v1/inspection";

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function position() {
    return new Promise(function (resolve) {
      if (!navigator.geolocation) { resolve(null); return; }
      navigator.geolocation.getCurrentPosition(function (p) {
        resolve({latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy_m: p.coords.accuracy,
                 at: new Date().toISOString()});  // the phone's clock when the fix arrived
      }, function () { resolve(null); }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 0});
    });
  }

  function request(method, url, body, type) {
    var headers = {"X-CSRFToken": csrf()};
    if (type) { headers["Content-Type"] = type; }
    return fetch(url, {method: method, headers: headers, body: body, credentials: "same-origin"})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) { return {status: r.status, data: data}; });
      });
  }

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  function pickType() {
    var types = ["video/webm;codecs=vp9", "video/webm;codecs=vp8", "video/webm", "video/mp4"];
    for (var i = 0; i < types.length; i++) {
      if (window.MediaRecorder && MediaRecorder.isTypeSupported(types[i])) { return types[i]; }
    }
    return "";
  }

  async function upload(box, blob, type, source, start, end) {
    var progress = box.querySelector(".rec-progress");
    var say = function (text) { progress.textContent = text; };
    var plan = Number(box.getAttribute("data-plan"));
    var begun = await request("POST", api + "/cases/" + encodeURIComponent(config.case) + "/videos", JSON.stringify({
      plan_number: plan, total_bytes: blob.size, content_type: type.split(";")[0], source: source,
      start: start || {}
    }), "application/json");
    if (begun.status !== 201) { say(begun.data.message || texts.uploadFailed); return; }
    var id = begun.data.upload_id, offset = 0, failures = 0;
    while (offset < blob.size) {
      var piece = blob.slice(offset, offset + config.chunk);
      var sent;
      try {
        sent = await request("PUT", api + "/uploads/" + id + "?offset=" + offset, piece, "application/octet-stream");
      } catch (e) {
        sent = null;  // the connection dropped: ask the server where to resume
      }
      if (sent && sent.status === 200) {
        offset = sent.data.received_bytes; failures = 0;
        say(texts.uploaded.replace("{percent}", Math.round(100 * offset / blob.size)));
        continue;
      }
      if (sent && sent.status !== 409 && sent.status < 500) { say(sent.data.message || texts.uploadFailed); return; }
      failures += 1;
      if (failures > 20) { say(texts.unstable); return; }
      say(texts.resuming);
      await sleep(Math.min(1000 * failures, 8000));
      try {
        var where = await request("GET", api + "/uploads/" + id);
        if (where.status === 200) { offset = where.data.received_bytes; }
      } catch (e) { /* still offline: try again */ }
    }
    var done = await request("POST", api + "/uploads/" + id + "/finish", JSON.stringify(end || {}), "application/json");
    if (done.status !== 200) { say(done.data.message || texts.uploadFailed); return; }
    say(texts.checking);
    for (var i = 0; i < 90; i++) {
      await sleep(2000);
      var list = await request("GET", api + "/cases/" + encodeURIComponent(config.case) + "/videos");
      var mine = (list.data || []).filter(function (v) { return v.upload_id === id; })[0];
      if (mine && (mine.status === "accepted" || mine.status === "rejected")) { window.location.reload(); return; }
    }
    say(texts.slow);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".rec-video"), function (box) {
    var startBtn = box.querySelector(".rec-start"), stopBtn = box.querySelector(".rec-stop");
    var preview = box.querySelector(".rec-preview"), file = box.querySelector(".rec-file");
    var progress = box.querySelector(".rec-progress");
    if (!startBtn) { return; }
    var recorder = null, chunks = [], startFix = null, timer = null, stream = null;

    startBtn.addEventListener("click", async function () {
      progress.textContent = texts.locating;
      startFix = await position();
      if (!startFix) {
        progress.textContent = texts.noPosition;
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: {ideal: "environment"}}, audio: false});
      } catch (e) {
        progress.textContent = texts.noCamera;
        return;
      }
      var type = pickType();
      recorder = type ? new MediaRecorder(stream, {mimeType: type}) : new MediaRecorder(stream);
      chunks = [];
      recorder.ondataavailable = function (e) { if (e.data && e.data.size) { chunks.push(e.data); } };
      recorder.onstop = async function () {
        clearTimeout(timer);
        stream.getTracks().forEach(function (t) { t.stop(); });
        preview.hidden = true; stopBtn.hidden = true; startBtn.hidden = false;
        var blobType = (recorder.mimeType || type || "video/webm");
        var blob = new Blob(chunks, {type: blobType});
        var endFix = await position();
        upload(box, blob, blobType, "recorded", startFix, endFix);
      };
      preview.srcObject = stream; preview.hidden = false; preview.play();
      recorder.start(1000);
      startBtn.hidden = true; stopBtn.hidden = false;
      progress.textContent = texts.recording;
      timer = setTimeout(function () { if (recorder.state === "recording") { recorder.stop(); } }, config.maxSeconds * 1000);
    });
    stopBtn.addEventListener("click", function () { if (recorder && recorder.state === "recording") { recorder.stop(); } });
    if (file) {
      file.addEventListener("change", async function () {
        var f = file.files[0];
        if (!f) { return; }
        progress.textContent = texts.locating;
        var here = await position();
        upload(box, f, f.type || "video/mp4", "uploaded", here, here);
      });
    }
  });
}());
