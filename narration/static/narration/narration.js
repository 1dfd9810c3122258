// "Nghe đọc bài" without an audio file: the browser's own speech synthesis, offered only
// when the device has a Vietnamese voice. The text comes from the server, normalised as for
// the audio engines (numbers, dates, "35-NQ/TW", "UBND" read in words).
(function () {
  "use strict";
  var region = document.querySelector("[data-narration]");
  if (!region || !("speechSynthesis" in window) || !window.SpeechSynthesisUtterance) return;
  var synth = window.speechSynthesis;
  var button = region.querySelector("button");
  var status = region.querySelector("[data-narration-status]");
  var text = null;

  function vietnameseVoice() {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().replace("_", "-").indexOf("vi") === 0) return voices[i];
    }
    return null;
  }

  function offer() {
    if (vietnameseVoice()) region.hidden = false;
  }

  function reset() {
    button.setAttribute("aria-pressed", "false");
    button.textContent = "Nghe đọc bài";
    status.textContent = "";
  }

  function speak() {
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = "vi-VN";
    utterance.voice = vietnameseVoice();
    utterance.onend = reset;
    utterance.onerror = reset;
    synth.speak(utterance);
    button.setAttribute("aria-pressed", "true");
    button.textContent = "Dừng đọc";
    status.textContent = "Đang đọc bài";
  }

  button.addEventListener("click", function () {
    if (button.getAttribute("aria-pressed") === "true") {
      synth.cancel();
      reset();
      return;
    }
    if (text !== null) return speak();
    status.textContent = "Đang tải…";
    fetch(button.getAttribute("data-narration-text"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (body) {
        text = body;
        speak();
      })
      .catch(function () {
        status.textContent = "Không tải được nội dung để đọc.";
      });
  });

  offer();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);
})();
