// nnviz lecture player: step through a lecture section by section, like a live talk.
//   →  plays to the end of the current section and pauses there; pressed at a section's end,
//      it starts the next section; pressed again while playing, it jumps to the section's end.
//   ←  back to the start of this section (or the previous one when near the start).
//   space play/pause (continuous, no stops), c captions on/off.
// Sections marked "loop" repeat while you are stepping, until you press → again.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("lecture-data").textContent);
  const video = document.getElementById("video");
  const S = data.sections;
  const C = data.chapters;
  const FRAME = 1 / (data.frameRate || 15);
  const $ = (id) => document.getElementById(id);
  const playBtn = $("play"), ccBtn = $("cc"), speed = $("speed"), now = $("now"), alt = $("alt-now");
  const clock = $("clock"), strip = $("strip");
  const chapterButtons = Array.from(document.querySelectorAll("nav.chapters button[data-chapter]"));
  let stopAt = null; // index of the section whose end playback stops at (step mode)
  let announced = -1, shownPaused = true;
  const svg = (d) => '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="' + d + '"/></svg>';
  const ICON_PLAY = svg("M7 4v16l13-8z"), ICON_PAUSE = svg("M6 4h4v16H6zM14 4h4v16h-4z");

  const fmt = (t, round) => {
    t = Math.max(0, (round ? Math.round : Math.floor)(t || 0));
    return Math.floor(t / 60) + ":" + String(t % 60).padStart(2, "0");
  };

  function sectionAt(t) {
    let i = 0;
    for (let k = 0; k < S.length; k++) if (S[k].start <= t + FRAME / 4) i = k;
    return i;
  }
  // Pause inside the section's last frame, so the viewer sees how it ends.
  const endOf = (i) => Math.max(S[i].start, S[i].end - FRAME / 2);
  const atEnd = (i, t) => t >= S[i].end - FRAME;

  // Our own seeks keep step mode; a seek from the native scrubber leaves it.
  let ownSeekUntil = 0;
  function seek(t) {
    ownSeekUntil = performance.now() + 1000;
    video.currentTime = t;
  }
  video.addEventListener("seeking", () => {
    if (performance.now() > ownSeekUntil) stopAt = null;
  });

  function play() {
    const p = video.play();
    if (p && p.catch) p.catch(() => {}); // autoplay refusals are not errors worth logging
  }
  function park(i) {
    stopAt = null;
    video.pause();
    seek(endOf(i));
  }
  function startSection(i) {
    stopAt = i;
    seek(S[i].start);
    play();
  }

  function next() {
    const t = video.currentTime, i = sectionAt(t);
    if (!video.paused) {
      if (stopAt === i && S[i].loop) {
        if (i + 1 < S.length) startSection(i + 1);
        else park(i);
      } else if (stopAt === i) park(i);
      else stopAt = i;
      return;
    }
    if (atEnd(i, t)) {
      if (i + 1 < S.length) startSection(i + 1);
      return;
    }
    stopAt = i;
    play();
  }
  function prev() {
    const t = video.currentTime, i = sectionAt(t);
    const target = i > 0 && t - S[i].start < 1 ? i - 1 : i;
    stopAt = null;
    video.pause();
    seek(S[target].start);
  }
  function togglePlay() {
    stopAt = null;
    if (video.paused) play();
    else video.pause();
  }

  // -- captions: the <track> element, or cues built here when it cannot load (file://) --
  let captionTrack = null;
  function fallbackTrack() {
    const el = video.querySelector("track");
    if (el) el.remove();
    if (!data.cues || !data.cues.length || !window.VTTCue) return null;
    const tt = video.addTextTrack("captions", "English", "en");
    data.cues.forEach((c) => tt.addCue(new VTTCue(c.start, c.end, c.text)));
    tt.mode = "showing";
    return tt;
  }
  function setupCaptions() {
    const el = video.querySelector("track");
    if (!el) {
      captionTrack = fallbackTrack();
    } else if (location.protocol === "file:") {
      captionTrack = fallbackTrack(); // browsers refuse <track> files from file:// pages
    } else {
      el.addEventListener("error", () => {
        captionTrack = fallbackTrack();
        updateCC();
      });
      el.src = el.dataset.src;
      captionTrack = el.track;
      captionTrack.mode = "showing";
    }
    ccBtn.disabled = !captionTrack;
    updateCC();
  }
  function updateCC() {
    const on = !!captionTrack && captionTrack.mode === "showing";
    ccBtn.setAttribute("aria-pressed", String(on));
  }
  function toggleCaptions() {
    if (!captionTrack) return;
    captionTrack.mode = captionTrack.mode === "showing" ? "hidden" : "showing";
    updateCC();
  }

  // -- what is on screen now --
  function update() {
    const t = video.currentTime, i = sectionAt(t), ch = S.length ? S[i].chapter : 0;
    chapterButtons.forEach((b) => b.setAttribute("aria-current", String(Number(b.dataset.chapter) === ch)));
    Array.from(strip.children).forEach((seg, k) => {
      seg.className = (k < i ? "done" : k === i ? "current" : "") + (S[k].loop ? " loop" : "");
    });
    clock.textContent = fmt(t) + " / " + fmt(data.duration || video.duration, true);
    const paused = video.paused;
    if (paused !== shownPaused) {
      shownPaused = paused;
      playBtn.innerHTML = paused ? ICON_PLAY : ICON_PAUSE;
      playBtn.setAttribute("aria-label", paused ? "Play (space)" : "Pause (space)");
    }
    if (i !== announced && C[ch]) {
      announced = i;
      const sec = S[i] && S[i].title !== C[ch].title ? " — " + S[i].title : "";
      now.innerHTML = "";
      const strong = document.createElement("strong");
      strong.textContent = "Chapter " + (ch + 1) + " of " + C.length + ": " + C[ch].title;
      now.append(strong, document.createTextNode(sec));
      alt.textContent = C[ch].alt || "";
    }
  }
  function tick() {
    // While a seek is under way currentTime is already the target: a viewer's scrub past the
    // stop must not read as "playback reached the end of the section".
    if (stopAt !== null && !video.paused && !video.seeking && video.currentTime >= S[stopAt].end - FRAME) {
      if (S[stopAt].loop) seek(S[stopAt].start);
      else park(stopAt);
    }
    update();
    if (!video.paused) requestAnimationFrame(tick);
  }

  S.forEach((s) => {
    const seg = document.createElement("span");
    seg.style.flexGrow = String(Math.max(s.end - s.start, 0.01));
    strip.appendChild(seg);
  });
  video.addEventListener("play", () => requestAnimationFrame(tick));
  // The last section can reach the end of the file before a frame tick sees its end.
  video.addEventListener("ended", () => {
    if (stopAt !== null && S[stopAt].loop) {
      seek(S[stopAt].start);
      play();
    }
  });
  ["pause", "seeked", "timeupdate", "loadedmetadata"].forEach((e) => video.addEventListener(e, update));

  playBtn.addEventListener("click", togglePlay);
  $("next").addEventListener("click", next);
  $("prev").addEventListener("click", prev);
  ccBtn.addEventListener("click", toggleCaptions);
  speed.addEventListener("change", () => { video.playbackRate = Number(speed.value); });
  video.addEventListener("ratechange", () => { speed.value = String(video.playbackRate); });
  chapterButtons.forEach((b) =>
    b.addEventListener("click", () => {
      const c = C[Number(b.dataset.chapter)];
      startSection(sectionAt(c.start));
    })
  );

  document.addEventListener(
    "keydown",
    (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const tag = e.target && e.target.tagName;
      if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
      if (tag === "BUTTON" && (e.key === " " || e.key === "Enter")) return; // let buttons be buttons
      const actions = {
        ArrowRight: next, ArrowLeft: prev, " ": togglePlay, k: togglePlay, c: toggleCaptions, C: toggleCaptions,
      };
      const act = actions[e.key];
      if (!act) return;
      e.preventDefault();
      e.stopPropagation(); // the native controls would seek or toggle a second time
      act();
    },
    true
  );

  setupCaptions();
  update();
  window.nnvizPlayer = { next, prev, togglePlay, toggleCaptions, sectionAt, sections: S, chapters: C };
})();
