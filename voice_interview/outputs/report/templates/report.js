// The transcript follows the answer audio. Each word is a span whose
// data-start and data-end are seconds into the answer audio: clicking a word
// plays from there; while the audio plays, the word being spoken is
// highlighted and the timeline's playhead moves (a click on the timeline
// seeks too). Only classes and styles change: this script writes no markup.
"use strict";
(function () {
  var NOW = "now";
  var players = {};  // transcript panel id -> its playFrom

  function follow(answer) {
    var audio = answer.querySelector("audio.answer-audio");
    if (!audio) return;
    var words = Array.prototype.slice.call(answer.querySelectorAll(".words .w"));
    var starts = words.map(function (w) { return parseFloat(w.dataset.start); });
    var timeline = answer.querySelector(".timeline");
    var playhead = timeline ? timeline.querySelector(".playhead") : null;
    var current = null;
    var frame = 0;

    function wordAt(seconds) {
      // The last word starting at or before `seconds` (a seek lands a hair early).
      var low = 0, high = starts.length - 1, found = -1;
      while (low <= high) {
        var middle = (low + high) >> 1;
        if (starts[middle] <= seconds + 0.01) { found = middle; low = middle + 1; } else { high = middle - 1; }
      }
      return found < 0 ? null : words[found];
    }

    function show() {
      var t = audio.currentTime;
      var word = (t > 0 || !audio.paused) ? wordAt(t) : null;
      if (word !== current) {
        if (current) { current.classList.remove(NOW); current.removeAttribute("aria-current"); }
        if (word) { word.classList.add(NOW); word.setAttribute("aria-current", "true"); }
        current = word;
      }
      if (playhead) {
        var duration = parseFloat(timeline.dataset.duration) || audio.duration || 1;
        var left = parseFloat(timeline.dataset.left), right = parseFloat(timeline.dataset.right);
        var fraction = Math.min(Math.max(t / duration, 0), 1);
        playhead.style.left = ((left + fraction * (right - left)) * 100) + "%";
        timeline.classList.toggle("moved", t > 0);
      }
    }

    function tick() {
      show();
      frame = audio.paused ? 0 : window.requestAnimationFrame(tick);
    }

    function playFrom(seconds) {
      audio.currentTime = seconds;
      show();
      var playing = audio.play();
      if (playing && playing.catch) playing.catch(function () { /* the user can press play */ });
    }

    if (answer.id) players[answer.id] = playFrom;
    words.forEach(function (word, i) {
      word.addEventListener("click", function () { playFrom(starts[i]); });
    });
    if (timeline) {
      timeline.addEventListener("click", function (event) {
        var box = timeline.getBoundingClientRect();
        var left = parseFloat(timeline.dataset.left), right = parseFloat(timeline.dataset.right);
        var fraction = ((event.clientX - box.left) / box.width - left) / (right - left);
        var duration = parseFloat(timeline.dataset.duration) || audio.duration || 0;
        playFrom(Math.min(Math.max(fraction, 0), 1) * duration);
      });
    }
    audio.addEventListener("play", function () {
      if (timeline) timeline.classList.add("playing");
      if (!frame) frame = window.requestAnimationFrame(tick);
    });
    audio.addEventListener("pause", function () { if (timeline) timeline.classList.remove("playing"); show(); });
    audio.addEventListener("seeked", show);
    audio.addEventListener("timeupdate", show);
  }

  // One recording at a time: starting one pauses the others.
  document.addEventListener("play", function (event) {
    Array.prototype.forEach.call(document.querySelectorAll("audio"), function (other) {
      if (other !== event.target && !other.paused) other.pause();
    });
  }, true);

  // Each transcript panel (an answer's, a follow-up's) has its own audio.
  Array.prototype.forEach.call(document.querySelectorAll(".transcript"), follow);

  // A quoted piece of evidence plays its recording from the quoted words.
  Array.prototype.forEach.call(document.querySelectorAll(".seek[data-target]"), function (button) {
    button.addEventListener("click", function () {
      var play = players[button.dataset.target];
      if (play) play(parseFloat(button.dataset.start));
    });
  });
})();
