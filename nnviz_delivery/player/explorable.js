// nnviz explorable: a slider switches between pre-rendered variants of one scene (poster, clip
// and numbers). All data is inline in the page, so it works from file:// with no server.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("explorable-data").textContent);
  const files = data.files;
  const slider = document.getElementById("slider");
  const poster = document.getElementById("poster");
  const clip = document.getElementById("clip");
  const value = document.getElementById("value");
  const numbers = document.getElementById("numbers");
  const play = document.getElementById("play");
  const ticks = Array.from(document.querySelectorAll(".ticks button"));
  let index = 0;
  let playing = false;

  // A shown value is a string or nested lists of strings (a vector, a matrix) or a table.
  function text(v) {
    if (Array.isArray(v)) return "[" + v.map(text).join(", ") + "]";
    if (v && typeof v === "object") {
      return Object.entries(v).map(([k, x]) => k.replace(/_/g, " ") + " " + text(x)).join(", ");
    }
    return String(v);
  }

  function showNumbers(f) {
    numbers.textContent = "";
    for (const key of Object.keys(f.shown)) {
      const dt = document.createElement("dt");
      dt.textContent = key.replace(/_/g, " ");
      const dd = document.createElement("dd");
      dd.textContent = text(f.shown[key]);
      dd.title = JSON.stringify(f.numbers[key]);  // full precision on hover
      // Numbers that differ from the first value's are the ones this parameter moves.
      if (text(f.shown[key]) !== text(files[0].shown[key])) dd.className = "changed";
      numbers.append(dt, dd);
    }
  }

  function startClip(f) {
    clip.poster = f.poster;
    clip.src = f.clip;
    clip.hidden = false;
    poster.hidden = true;
    const started = clip.play();
    if (started && started.catch) started.catch(() => {});  // a newer switch interrupted it
  }

  function show(i) {
    index = Math.max(0, Math.min(files.length - 1, i));
    const f = files[index];
    const label = ticks[index].textContent;
    slider.value = String(index);
    slider.setAttribute("aria-valuetext", data.param + " = " + label);
    value.textContent = label;
    poster.src = f.poster;
    poster.alt = f.alt;
    clip.setAttribute("aria-label", f.alt);
    ticks.forEach((t, k) => t.setAttribute("aria-pressed", String(k === index)));
    showNumbers(f);
    if (playing) startClip(f);
  }

  function setPlaying(on) {
    playing = on;
    play.setAttribute("aria-pressed", String(on));
    play.textContent = on ? "❚❚ Pause" : "▶ Play the clip";
    if (on) {
      startClip(files[index]);
    } else {
      clip.pause();
      clip.hidden = true;
      poster.hidden = false;
    }
  }

  slider.addEventListener("input", () => show(Number(slider.value)));
  ticks.forEach((t, k) => t.addEventListener("click", () => show(k)));
  play.addEventListener("click", () => setPlaying(!playing));
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const onSlider = e.target === slider;  // the range input moves itself with the arrows
    if (!onSlider && (e.key === "ArrowRight" || e.key === "ArrowUp")) show(index + 1);
    else if (!onSlider && (e.key === "ArrowLeft" || e.key === "ArrowDown")) show(index - 1);
    else if (/^[1-9]$/.test(e.key) && Number(e.key) <= files.length) show(Number(e.key) - 1);
    else if (e.key === " " && e.target.tagName !== "BUTTON") setPlaying(!playing);
    else return;
    e.preventDefault();
  });
  show(0);
})();
