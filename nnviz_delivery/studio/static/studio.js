/* nnviz studio page: a form generated from each scene's parameter declarations (the
 * `nnviz list --json` spec), live validation and preview through the studio HTTP API,
 * jobs (storyboard, clip, blog kit, explorable) followed over server-sent events.
 * No per-scene code: everything below reads only the spec. */
"use strict";

const $ = (id) => document.getElementById(id);
const DEBOUNCE_MS = 150;
const CLIENT = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));

const S = {
  catalog: null,      // GET /api/scenes
  scene: null,        // current scene name
  spec: {},           // its params spec
  values: {},         // param name -> current value (JSON-able; raw text where unreadable)
  seq: 0,             // edit counter: only the latest edit's answers are used
  frameAbort: null,   // AbortController of the in-flight /api/frame
  timer: 0,
  jobs: {},           // role -> {id, source}
};

/* ---------- small helpers ---------- */

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const clone = (v) => JSON.parse(JSON.stringify(v));

async function api(path, body, signal) {
  const init = { headers: { "X-Nnviz-Client": CLIENT }, signal };
  if (body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  let data = {};
  try { data = await res.json(); } catch (e) { data = { error: `HTTP ${res.status}` }; }
  return { status: res.status, data, retry: Number(res.headers.get("Retry-After") || 1) };
}

/** A number typed as text: the number if it reads as one, else the text (the server says why). */
function readNumber(text) {
  const t = String(text).trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t.replace(/^\+/, ""));
  return t;
}

/** Is this parameter read by the scene for the current values (its only_when condition)? */
function active(name) {
  const cond = S.spec[name].only_when;
  return !cond || cond.values.includes(S.values[cond.param]);
}

/** Parameters to send: active ones whose value differs from the default. */
function given() {
  const out = {};
  for (const [name, spec] of Object.entries(S.spec)) {
    if (active(name) && !same(S.values[name], spec.default)) out[name] = S.values[name];
  }
  return out;
}

/* ---------- the scene picker ---------- */

function buildPicker() {
  const box = $("lectures");
  box.replaceChildren();
  const poster = S.catalog.poster || "/api/posters/{name}";
  for (const lecture of S.catalog.lectures) {
    const names = lecture.scenes.filter((n) => n in S.catalog.scenes);
    if (!names.length) continue;
    const list = el("ul", { class: "scene-cards" });
    for (const name of names) {
      const info = S.catalog.scenes[name];
      const src = poster.replace("{name}", encodeURIComponent(name));
      list.append(el("li", {},
        el("button", { type: "button", class: "scene-card", "data-scene": name, onclick: () => chooseScene(name) },
          el("img", { "data-src": src, alt: "", loading: "lazy", width: 160, height: 90 }),
          el("span", { class: "name" }, ...camelBreaks(name)),
          el("span", { class: "title", text: info.title || "" }))));
    }
    box.append(el("section", { class: "lecture", "data-slug": lecture.slug },
      el("h3", { text: lecture.title }), list));
  }
}

/** A CamelCase name with line-break chances between its words (MatrixTimes<wbr>Vector). */
function camelBreaks(name) {
  return name.split(/(?=[A-Z][a-z])/).flatMap((part, i) => (i ? [el("wbr"), part] : [part]));
}

/** Posters load only once the picker is open (each may cost the server a render). */
function loadPosters() {
  if (!$("picker").open) return;
  for (const img of document.querySelectorAll(".scene-card img[data-src]")) {
    img.src = img.dataset.src;
    img.removeAttribute("data-src");
  }
}

function chooseScene(name, values) {
  S.scene = name;
  S.spec = S.catalog.scenes[name].params;
  S.values = {};
  for (const [p, spec] of Object.entries(S.spec)) {
    S.values[p] = values && p in values ? values[p] : clone(spec.default);
  }
  $("current-scene").textContent = name;
  $("current-title").textContent = S.catalog.scenes[name].title ? `— ${S.catalog.scenes[name].title}` : "";
  for (const b of document.querySelectorAll(".scene-card")) {
    b.setAttribute("aria-pressed", String(b.dataset.scene === name));
  }
  $("picker").open = false;
  $("studio").hidden = false;
  for (const role of Object.keys(S.jobs)) cancelJob(role);
  $("frame").hidden = true;
  $("frame").removeAttribute("src");
  $("frame-empty").hidden = false;
  $("numbers").replaceChildren();
  $("stills").replaceChildren();
  $("clip").hidden = true;
  $("clip").removeAttribute("src");
  $("blog-result").hidden = true;
  $("explore-result").hidden = true;
  buildForm();
  buildExplore();
  edited(0);
}

/* ---------- the generated form ---------- */

function buildForm() {
  const form = $("form");
  form.replaceChildren();
  for (const [name, spec] of Object.entries(S.spec)) form.append(field(name, spec));
  applyConditions();
}

function field(name, spec) {
  const id = `p-${name}`;
  const box = el("fieldset", { class: `field kind-${spec.kind}`, "data-param": name, "aria-describedby": `${id}-help ${id}-error` });
  box.append(el("legend", { text: name }));
  const body = el("div", { class: "control" });
  box.append(body);
  renderControl(name, spec, body, id);
  const help = el("p", { class: "help", id: `${id}-help` });
  if (spec.help) help.append(el("span", { text: spec.help + ". " }));
  help.append(el("span", { class: "muted", text: spec.expected }));
  box.append(help);
  box.append(el("p", { class: "default" },
    el("span", { class: "muted", text: "default " }),
    el("code", { text: shortJSON(spec.default) }), " ",
    el("button", { type: "button", class: "reset", "aria-label": `Reset ${name} to its default`,
      onclick: () => { S.values[name] = clone(spec.default); renderControl(name, spec, body, id); changed(); } },
    "reset to default")));
  box.append(el("p", { class: "error", id: `${id}-error`, role: "alert", hidden: true }));
  return box;
}

function shortJSON(v) {
  const t = JSON.stringify(v);
  return t.length > 60 ? t.slice(0, 59) + "…" : t;
}

function renderControl(name, spec, body, id) {
  body.replaceChildren();
  const set = (v) => { S.values[name] = v; changed(); };
  const value = S.values[name];
  if (spec.kind === "array") body.append(arrayGrid(name, spec, value, id, set, () => renderControl(name, spec, body, id)));
  else if (spec.kind === "number") body.append(...numberControl(spec, value, id, set));
  else if (spec.kind === "choice") {
    const sel = el("select", { id, "aria-label": name, onchange: (e) => set(e.target.value) },
      ...spec.choices.map((c) => el("option", { value: c, selected: c === value, text: c })));
    body.append(sel);
  } else if (spec.kind === "flag") {
    body.append(el("label", { class: "check" },
      el("input", { type: "checkbox", id, checked: value === true, onchange: (e) => set(e.target.checked) }),
      " on"));
  } else if (spec.kind === "names") {
    const picked = Array.isArray(value) ? value : [];
    const sel = el("select", { id, multiple: true, size: Math.min(spec.choices.length, 6), "aria-label": name,
      onchange: (e) => set([...e.target.selectedOptions].map((o) => o.value)) },
      ...spec.choices.map((c) => el("option", { value: c, selected: picked.includes(c), text: c })));
    body.append(sel);
    const n = `${spec.min_count} to ${spec.max_count}`;
    body.append(el("p", { class: "muted small", text: `Pick ${n} (Ctrl/⌘-click for several).` }));
  } else {  // an unknown kind: edit its JSON as text
    body.append(el("input", { type: "text", id, class: "mono", value: JSON.stringify(value), "aria-label": name,
      oninput: (e) => { try { set(JSON.parse(e.target.value)); } catch (err) { set(e.target.value); } } }));
  }
}

/** Number: a slider when both bounds exist, plus a text box that keeps whatever is typed. */
function numberControl(spec, value, id, set) {
  const box = el("input", { type: "text", inputmode: "decimal", id, class: "num", value: String(value), "aria-label": id.slice(2) });
  const bounded = spec.minimum !== null && spec.maximum !== null && spec.minimum !== undefined && spec.maximum !== undefined;
  if (!bounded) {
    box.addEventListener("input", () => set(readNumber(box.value)));
    return [box];
  }
  const span = spec.maximum - spec.minimum;
  const step = spec.integer ? 1 : Math.pow(10, Math.floor(Math.log10(span / 100 || 1)));
  const slider = el("input", { type: "range", min: spec.minimum, max: spec.maximum, step,
    value: typeof value === "number" ? value : spec.minimum, "aria-label": `${id.slice(2)} slider` });
  slider.addEventListener("input", () => {
    const v = Number(slider.value);
    box.value = String(Number(v.toFixed(10)));
    set(spec.integer ? Math.round(v) : Number(v.toFixed(10)));
  });
  box.addEventListener("input", () => {
    const v = readNumber(box.value);
    if (typeof v === "number") slider.value = v;
    set(v);
  });
  return [el("div", { class: "number-row" }, slider, box)];
}

/** Array: a grid of text boxes; dimensions declared null get add/remove buttons. */
function arrayGrid(name, spec, value, id, set, redraw) {
  const matrix = spec.shape.length === 2;
  let rows = matrix ? (Array.isArray(value) ? value : []) : [Array.isArray(value) ? value : []];
  rows = rows.map((r) => (Array.isArray(r) ? r : [r]));
  const cols = Math.max(1, ...rows.map((r) => r.length));
  const wrap = el("div", { class: "array" });
  const grid = el("div", { class: "grid-cells", role: "group", "aria-label": `${name} entries` });
  grid.style.gridTemplateColumns = `repeat(${cols}, minmax(3.2rem, 5rem))`;
  const current = () => clone(S.values[name]);
  rows.forEach((row, r) => {
    for (let c = 0; c < cols; c++) {
      const label = matrix ? `${name} row ${r + 1} column ${c + 1}` : `${name} entry ${c + 1}`;
      const input = el("input", { type: "text", inputmode: "decimal", class: "cell",
        value: row[c] === undefined ? "" : String(row[c]), "aria-label": label,
        "data-index": matrix ? `${r},${c}` : `${c}`, id: r === 0 && c === 0 ? id : null });
      input.addEventListener("input", () => {
        const v = current();
        if (matrix) v[r][c] = readNumber(input.value); else v[c] = readNumber(input.value);
        set(v);
      });
      grid.append(input);
    }
  });
  wrap.append(grid);
  const resize = (what, delta) => {
    let v = current();
    if (!matrix) {
      v = delta > 0 ? [...v, v.length ? v[v.length - 1] : 0] : v.slice(0, -1);
    } else if (what === "row") {
      v = delta > 0 ? [...v, v.length ? [...v[v.length - 1]] : new Array(cols).fill(0)] : v.slice(0, -1);
    } else {
      v = v.map((r) => (delta > 0 ? [...r, r.length ? r[r.length - 1] : 0] : r.slice(0, -1)));
    }
    S.values[name] = v;
    redraw();
    changed();
  };
  const tools = el("div", { class: "resize" });
  const nRows = matrix ? rows.length : cols;
  if (spec.shape[0] === null) {
    const what = matrix ? "row" : "entry";
    tools.append(
      el("button", { type: "button", "aria-label": `Add a ${what} to ${name}`, onclick: () => resize("row", 1) }, `+ ${what}`),
      el("button", { type: "button", "aria-label": `Remove the last ${what} of ${name}`, disabled: nRows <= 1, onclick: () => resize("row", -1) }, `− ${what}`));
  }
  if (matrix && spec.shape[1] === null) {
    tools.append(
      el("button", { type: "button", "aria-label": `Add a column to ${name}`, onclick: () => resize("col", 1) }, "+ column"),
      el("button", { type: "button", "aria-label": `Remove the last column of ${name}`, disabled: cols <= 1, onclick: () => resize("col", -1) }, "− column"));
  }
  if (tools.childElementCount) wrap.append(tools);
  return wrap;
}

/** only_when: fields the scene would not read are hidden and disabled (and never sent). */
function applyConditions() {
  for (const box of document.querySelectorAll("#form .field")) {
    const on = active(box.dataset.param);
    box.hidden = !on;
    box.disabled = !on;
  }
}

/* ---------- edit -> validate -> frame ---------- */

function changed() {
  applyConditions();
  edited(DEBOUNCE_MS);
}

function edited(delay) {
  S.seq += 1;
  if (S.frameAbort) { S.frameAbort.abort(); S.frameAbort = null; }  // a newer edit wins
  clearTimeout(S.timer);
  updateShare();
  S.timer = setTimeout(() => refresh(S.seq), delay);
}

function showErrors(line, param) {
  for (const p of document.querySelectorAll("#form .error")) { p.hidden = true; p.textContent = ""; }
  for (const f of document.querySelectorAll("#form .field")) f.classList.remove("invalid");
  $("form-error").hidden = true;
  if (!line) return;
  const target = param && document.querySelector(`#form .field[data-param="${CSS.escape(param)}"]`);
  if (target && !target.hidden) {
    target.classList.add("invalid");
    const p = target.querySelector(".error");
    p.textContent = line;
    p.hidden = false;
  } else {
    $("form-error").textContent = line;
    $("form-error").hidden = false;
  }
}

function setBusy(on, text) {
  $("picture").classList.toggle("rendering", on);
  $("picture").setAttribute("aria-busy", String(on));
  $("frame-status").textContent = text || "";
}

async function refresh(seq) {
  const body = { scene: S.scene, params: given() };
  let v;
  try {
    v = await api("/api/validate", body);
  } catch (e) {
    if (seq === S.seq) setBusy(false, "the studio server does not answer");
    return;
  }
  if (seq !== S.seq) return;
  if (v.status !== 200) {
    showErrors(v.data.error || `HTTP ${v.status}`, v.data.param);
    setBusy(false, "");
    return;  // nothing renders until the values are valid
  }
  showErrors(null);
  const abort = new AbortController();
  S.frameAbort = abort;
  setBusy(true, "rendering…");
  let r;
  try {
    r = await api("/api/frame", body, abort.signal);
  } catch (e) {
    if (e.name !== "AbortError" && seq === S.seq) setBusy(false, "the studio server does not answer");
    return;
  } finally {
    if (S.frameAbort === abort) S.frameAbort = null;
  }
  if (seq !== S.seq) return;
  if (r.status === 503) {  // busy: try again after Retry-After unless a newer edit came
    setBusy(true, "the studio is busy; trying again…");
    S.timer = setTimeout(() => { if (seq === S.seq) refresh(seq); }, Math.max(0.2, r.retry) * 1000);
    return;
  }
  if (r.status !== 200) {
    showErrors(r.data.error || `HTTP ${r.status}`, r.data.param);
    setBusy(false, "");
    return;
  }
  showFrame(r.data, seq);
}

function showFrame(data, seq) {
  const img = new Image();
  img.onload = () => {
    if (seq !== S.seq) return;
    const frame = $("frame");
    frame.src = data.png;
    frame.hidden = false;
    $("frame-empty").hidden = true;
    showNumbers(data.numbers || {}, data.shown || {});
    const ms = typeof data.ms === "number" ? `${Math.round(data.ms)} ms` : "";
    setBusy(false, data.cached ? `from the cache${ms ? ", " + ms : ""}` : (ms ? `rendered in ${ms}` : ""));
    startStoryboard();
  };
  img.onerror = () => { if (seq === S.seq) setBusy(false, "the picture could not be loaded"); };
  img.src = data.png;
}

/* ---------- the numbers panel ---------- */

function showNumbers(numbers, shown) {
  const dl = $("numbers");
  dl.replaceChildren();
  const keys = Object.keys(shown).length ? Object.keys(shown) : Object.keys(numbers);
  if (!keys.length) { dl.append(el("p", { class: "muted", text: "This scene reports no numbers." })); return; }
  for (const key of keys) {
    const full = numbers[key];
    const dd = el("dd", { "data-key": key, title: JSON.stringify(full) });
    const value = shown[key] !== undefined ? shown[key] : full;
    const size = cellCount(value);
    if (size > BIG_VALUE) {  // a path or a data set: a summary that opens, not a page of digits
      dd.append(el("details", {}, el("summary", { text: `${shapeText(value)} values` }), display(value, full)));
    } else {
      dd.append(display(value, full));
    }
    dl.append(el("div", { class: "number", "data-key": key }, el("dt", { text: key.replace(/_/g, " ") }), dd));
  }
}

/** Values with more cells than this are folded behind their shape. */
const BIG_VALUE = 24;

function cellCount(v) {
  if (Array.isArray(v)) return v.reduce((n, x) => n + cellCount(x), 0);
  if (v && typeof v === "object" && !isComplex(v)) return Object.values(v).reduce((n, x) => n + cellCount(x), 0);
  return 1;
}

function shapeText(v) {
  const dims = [];
  for (let x = v; Array.isArray(x); x = x[0]) dims.push(x.length);
  return dims.length ? dims.join("×") : String(cellCount(v));
}

function isComplex(v) {
  return v && typeof v === "object" && !Array.isArray(v) && "re" in v && "im" in v;
}

function scalarText(v) {
  if (isComplex(v)) {
    const im = String(v.im);
    return im.startsWith("-") ? `${v.re} − ${im.slice(1)}i` : `${v.re} + ${im}i`;
  }
  if (v && typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** A shown value: text, a row of cells (vector) or a little grid (matrix); cells carry full values. */
function display(v, full) {
  if (v && typeof v === "object" && !Array.isArray(v) && !isComplex(v)) {  // a table of values
    const rows = Object.entries(v).map(([k, x]) => el("span", { class: "entry" },
      el("span", { class: "key", text: k.replace(/_/g, " ") }),
      display(x, full && typeof full === "object" ? full[k] : undefined)));
    return el("span", { class: "table" }, ...rows);
  }
  if (!Array.isArray(v)) return el("span", { class: "value", text: scalarText(v) });
  const nested = v.length && v.every((r) => Array.isArray(r));
  const rows = nested ? v : [v];
  const fullRows = nested ? (full || []) : [full || []];
  const cols = Math.max(1, ...rows.map((r) => r.length));
  const grid = el("span", { class: `cells${nested ? " matrix" : " vector"}` });
  grid.style.gridTemplateColumns = `repeat(${cols}, auto)`;
  rows.forEach((row, r) => row.forEach((x, c) => {
    const f = Array.isArray(fullRows[r]) ? fullRows[r][c] : undefined;
    grid.append(el("span", { class: "cell", title: f === undefined ? null : JSON.stringify(f), text: scalarText(x) }));
  }));
  return grid;
}

/* ---------- share: URL and commands ---------- */

function cliValue(spec, v) {
  if (spec.kind === "choice") return String(v);
  if (spec.kind === "names" && Array.isArray(v)) return v.join(",");
  return JSON.stringify(v);
}

function updateShare() {
  const g = given();
  const url = new URL(location.href);
  url.search = "";
  url.searchParams.set("scene", S.scene);
  if (Object.keys(g).length) url.searchParams.set("p", JSON.stringify(g));
  history.replaceState(null, "", url);
  const pairs = Object.entries(g).map(([k, v]) => `${k}=${cliValue(S.spec[k], v)}`);
  const render = [`nnviz render ${S.scene}`, ...pairs.map((p) => `--set '${p}'`)].join(" ");
  const make = `make clip SCENE=${S.scene}` + (pairs.length ? ` SET='${pairs.join(" ")}'` : "");
  $("command").value = `${render}\n${make}`;
}

async function copyCommand() {
  const text = $("command").value;
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {  // no clipboard permission: select the text so Ctrl-C copies it
    $("command").select();
    document.execCommand && document.execCommand("copy");
  }
  $("copy-status").textContent = "copied";
  setTimeout(() => { $("copy-status").textContent = ""; }, 2000);
}

function restoreFromURL() {
  const q = new URLSearchParams(location.search);
  const name = q.get("scene");
  if (!name || !(name in S.catalog.scenes)) return false;
  let values = {};
  try {
    const p = JSON.parse(q.get("p") || "{}");
    if (p && typeof p === "object" && !Array.isArray(p)) values = p;
  } catch (e) {
    values = {};
  }
  const spec = S.catalog.scenes[name].params;
  chooseScene(name, Object.fromEntries(Object.entries(values).filter(([k]) => k in spec)));
  return true;
}

/* ---------- jobs over server-sent events ---------- */

function cancelJob(role) {
  const job = S.jobs[role];
  if (!job) return;
  delete S.jobs[role];
  job.source.close();
  fetch(`/api/jobs/${encodeURIComponent(job.id)}`, { method: "DELETE", headers: { "X-Nnviz-Client": CLIENT } })
    .catch(() => {});
  if (job.onCancel) job.onCancel();
}

/** POST a job, then follow its events; `ui` gets progress(done, total, stage), done(data), failed(line). */
async function startJob(role, path, body, ui) {
  cancelJob(role);
  let r;
  try {
    r = await api(path, body);
  } catch (e) {
    ui.failed("the studio server does not answer");
    return;
  }
  if (r.status !== 202) {
    if (r.data.param) showErrors(r.data.error, r.data.param);
    ui.failed(r.data.error || `HTTP ${r.status}`);
    return;
  }
  const source = new EventSource(r.data.events || `/api/jobs/${r.data.job}/events`);
  const job = { id: r.data.job, source, onCancel: ui.cancelled };
  S.jobs[role] = job;
  const finish = () => { source.close(); if (S.jobs[role] === job) delete S.jobs[role]; };
  source.addEventListener("progress", (e) => {
    const d = JSON.parse(e.data);
    ui.progress(d.done || 0, d.total || 0, d.stage || "");
  });
  source.addEventListener("done", (e) => { finish(); ui.done(JSON.parse(e.data)); });
  source.addEventListener("cancelled", () => { finish(); if (ui.cancelled) ui.cancelled(); });
  source.addEventListener("error", (e) => {
    if (e.data !== undefined) {  // the job's own error event
      finish();
      ui.failed(JSON.parse(e.data).error || "the job failed");
    } else if (source.readyState === EventSource.CLOSED) {
      finish();
      ui.failed("lost the connection to the studio server");
    }
  });
}

/** The progress bar, status line and cancel button of one job kind. */
function jobUI(prefix, onDone) {
  const bar = $(`${prefix}-progress`), status = $(`${prefix}-status`), cancel = $(`${prefix}-cancel`);
  const idle = (text) => { bar.hidden = true; cancel.hidden = true; status.textContent = text; };
  return {
    begin() { bar.hidden = false; bar.removeAttribute("value"); cancel.hidden = false; status.textContent = "starting…"; },
    progress(done, total, stage) {
      if (total > 0) { bar.max = total; bar.value = done; } else bar.removeAttribute("value");
      status.textContent = `${stage || "working"}${total > 0 ? ` ${done}/${total}` : ""}`;
    },
    done(data) { idle(""); onDone(data); },
    failed(line) { idle(""); status.textContent = line; status.classList.add("error-text"); },
    cancelled() { idle("cancelled"); },
    reset() { status.classList.remove("error-text"); },
  };
}

function startStoryboard() {
  const status = $("storyboard-status");
  status.textContent = "rendering…";
  startJob("storyboard", "/api/storyboard", { scene: S.scene, params: given() }, {
    progress(done, total) { status.textContent = total ? `${done}/${total}` : "rendering…"; },
    done(data) {
      status.textContent = "";
      const stills = data.stills || [];
      const steps = data.steps || [];
      $("stills").replaceChildren(...stills.map((src, i) => {
        const step = steps[i] || {};
        const label = step.label || step.title || step.name || `Step ${i + 1}`;
        return el("li", {}, el("button", { type: "button", class: "still", "aria-label": `Enlarge ${label}`,
          onclick: () => enlarge(src, label) }, el("img", { src, alt: "", loading: "lazy" })));
      }));
    },
    failed(line) { status.textContent = line; },
    cancelled() { status.textContent = ""; },
  });
}

function enlarge(src, label) {
  $("still-big").src = src;
  $("still-big").alt = label;
  $("still-caption").textContent = label;
  $("still-dialog").showModal();
}

function play() {
  const ui = jobUI("play", (data) => {
    const video = $("clip");
    video.src = data.files.clip;
    video.hidden = false;
    video.play().catch(() => {});  // autoplay may be refused; the controls remain
  });
  ui.reset();
  ui.begin();
  startJob("clip", "/api/clip", { scene: S.scene, params: given(), quality: "low" }, ui);
}

function exportBlog() {
  const ui = jobUI("blog", (data) => {
    const list = $("blog-files");
    list.replaceChildren(...Object.entries(data.files || {}).map(([name, url]) =>
      el("li", {}, el("a", { href: url, target: "_blank", rel: "noopener", text: name }))));
    $("blog-embed").value = data.embed_html || "";
    $("blog-folder").textContent = data.folder || "";
    $("blog-result").hidden = false;
  });
  ui.reset();
  ui.begin();
  $("blog-result").hidden = true;
  startJob("blog", "/api/blog", { scene: S.scene, params: given(), quality: "medium" }, ui);
}

/* ---------- explorable ---------- */

function numericParams() {
  return Object.entries(S.spec).filter(([, s]) => s.kind === "number").map(([n]) => n);
}

function spread(spec, value) {
  const lo = spec.minimum, hi = spec.maximum;
  let vals;
  const bounded = lo !== null && hi !== null && lo !== undefined && hi !== undefined;
  if (bounded && hi - lo <= 100) {
    vals = [0, 1, 2, 3, 4].map((i) => lo + (hi - lo) * i / 4);
  } else {  // a wide range (a seed, a count): around the value, inside whichever bound exists
    const v = typeof value === "number" ? value : 0;
    const d = spec.integer ? 1 : Math.max(1, Math.abs(v) / 2);
    vals = [-2, -1, 0, 1, 2].map((i) => v + i * d)
      .filter((x) => (lo === null || lo === undefined || x >= lo) && (hi === null || hi === undefined || x <= hi));
  }
  vals = vals.map((x) => (spec.integer ? Math.round(x) : Number(x.toFixed(6))));
  return [...new Set(vals)];
}

function buildExplore() {
  const names = numericParams();
  $("explore-none").hidden = names.length > 0;
  $("explore-form").hidden = names.length === 0;
  const sel = $("explore-param");
  sel.replaceChildren(...names.map((n) => el("option", { value: n, text: n })));
  suggestValues();
}

function suggestValues() {
  const name = $("explore-param").value;
  if (!name) return;
  $("explore-values").value = spread(S.spec[name], S.values[name]).join(", ");
  $("explore-error").hidden = true;
}

function exportExplorable() {
  const param = $("explore-param").value;
  const values = $("explore-values").value.split(/[,\s]+/).filter(Boolean).map(readNumber);
  const err = $("explore-error");
  if (values.length < 2 || values.length > 9 || values.some((v) => typeof v !== "number")) {
    err.textContent = "give 2 to 9 numbers, separated by commas";
    err.hidden = false;
    return;
  }
  err.hidden = true;
  const params = given();
  delete params[param];  // the explorable varies it
  const ui = jobUI("explore", (data) => {
    $("explore-link").href = data.files.index;
    $("explore-folder").textContent = data.folder || "";
    $("explore-result").hidden = false;
  });
  ui.reset();
  ui.begin();
  $("explore-result").hidden = true;
  startJob("explorable", "/api/explorable",
    { scene: S.scene, params, param, values, title: S.catalog.scenes[S.scene].title }, {
      ...ui,
      failed(line) { ui.failed(""); err.textContent = line; err.hidden = false; },
    });
}

/* ---------- start ---------- */

async function main() {
  $("reset-all").addEventListener("click", () => chooseScene(S.scene));
  $("copy-command").addEventListener("click", copyCommand);
  $("play").addEventListener("click", play);
  $("play-cancel").addEventListener("click", () => cancelJob("clip"));
  $("blog-go").addEventListener("click", exportBlog);
  $("blog-cancel").addEventListener("click", () => cancelJob("blog"));
  $("explore-param").addEventListener("change", suggestValues);
  $("explore-go").addEventListener("click", exportExplorable);
  $("explore-cancel").addEventListener("click", () => cancelJob("explorable"));
  $("form").addEventListener("submit", (e) => e.preventDefault());
  $("picker").addEventListener("toggle", loadPosters);
  let r;
  try {
    r = await api("/api/scenes");
  } catch (e) {
    r = { status: 0, data: { error: "the studio server does not answer" } };
  }
  if (r.status !== 200) {
    $("fatal").textContent = r.data.error || `HTTP ${r.status}`;
    $("fatal").hidden = false;
    return;
  }
  S.catalog = r.data;
  buildPicker();
  if (!restoreFromURL()) $("picker").open = true;
  document.body.dataset.ready = "true";
}

main();
