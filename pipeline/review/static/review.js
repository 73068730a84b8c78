// The review page. All article text is put in the page with textContent, never as HTML.
"use strict";

(function () {
  const token = document.querySelector('meta[name="review-token"]').getAttribute("content");
  const $ = (id) => document.getElementById(id);
  let state = null;
  let pos = 0;
  let busy = false;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function filters() {
    return { status: $("f-status").value, category: $("f-category").value, rule: $("f-rule").value };
  }

  function say(text, isError) {
    const s = $("status");
    s.textContent = text;
    s.className = isError ? "err" : "";
  }

  async function load(focus) {
    const q = new URLSearchParams(filters());
    const r = await fetch("/api/state?" + q.toString(), { headers: { Accept: "application/json" } });
    state = await r.json();
    if (focus) {
      const i = state.items.findIndex((it) => it.article_id === focus.article_id && it.key === focus.key);
      pos = i >= 0 ? i : Math.min(pos, Math.max(state.items.length - 1, 0));
    }
    pos = Math.min(pos, Math.max(state.items.length - 1, 0));
    render();
  }

  function options(select, values) {
    const keep = select.value;
    while (select.options.length > 1) select.remove(1);
    for (const v of values) select.appendChild(new Option(v, v));
    select.value = values.includes(keep) ? keep : "";
  }

  function renderArticles(current) {
    const list = $("article-list");
    clear(list);
    for (const a of state.articles) {
      const li = el("li");
      li.dataset.article = a.id;
      if (current && current.article_id === a.id) li.className = "current";
      li.appendChild(el("span", "a-title", a.title || a.id));
      const c = el("span", "a-counts");
      c.appendChild(el("span", "n-pending", a.counts.pending + " pending"));
      c.appendChild(document.createTextNode(" · "));
      c.appendChild(el("span", "n-accepted", a.counts.accepted + " accepted"));
      c.appendChild(document.createTextNode(" · "));
      c.appendChild(el("span", "n-dismissed", a.counts.dismissed + " dismissed"));
      c.appendChild(document.createTextNode(" · " + a.load + "/1k words"));
      li.appendChild(c);
      li.addEventListener("click", () => {
        const i = state.items.findIndex((it) => it.article_id === a.id);
        if (i >= 0) { pos = i; render(); }
      });
      list.appendChild(li);
    }
  }

  // The sentence cut at every cue boundary; each piece coloured by the narrowest cue covering it.
  function renderSentence(node, item) {
    clear(node);
    const text = item.sentence;
    const cuts = new Set([0, text.length]);
    for (const f of item.flags) { cuts.add(f.start); cuts.add(f.end); }
    const bounds = Array.from(cuts).filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const a = bounds[i], b = bounds[i + 1];
      const piece = text.slice(a, b);
      const covering = item.flags.filter((f) => f.start <= a && f.end >= b && f.end > f.start);
      if (!covering.length) { node.appendChild(document.createTextNode(piece)); continue; }
      covering.sort((x, y) => (x.end - x.start) - (y.end - y.start));
      const f = covering[0];
      const span = el("span", "cue cat-" + f.category + " st-" + f.status, piece);
      if (covering.some((g) => g.key === item.key)) span.classList.add("current");
      span.title = covering.map((g) => g.category + " · " + g.rule + " · weight " + (g.weight >= 0 ? "+" : "") + g.weight.toFixed(2) + " · " + g.status).join("\n");
      node.appendChild(span);
    }
  }

  function render() {
    options($("f-category"), state.categories);
    options($("f-rule"), state.rules);
    const item = state.items[pos];
    renderArticles(item);
    const total = state.articles.reduce((n, a) => n + a.counts.pending, 0);
    $("progress").textContent = (state.items.length ? (pos + 1) + " of " + state.items.length + " shown · " : "") + total + " pending in all · reviewer " + state.reviewer;
    const card = $("card");
    card.dataset.key = item ? item.key : "";
    card.dataset.article = item ? item.article_id : "";
    if (!item) {
      $("meta").textContent = "";
      $("title").textContent = "Nothing to review with these filters.";
      for (const id of ["flaginfo", "before", "sentence", "after"]) clear($(id));
      return;
    }
    const art = state.articles.find((a) => a.id === item.article_id) || {};
    $("meta").textContent = [art.outlet, art.published, item.article_id + " " + item.sentence_id].filter(Boolean).join(" · ");
    $("title").textContent = art.title || item.article_id;
    const info = $("flaginfo");
    clear(info);
    info.appendChild(el("span", "cue cat-" + item.category, item.category));
    info.appendChild(document.createTextNode(" “" + item.cue + "” via " + item.rule + " (weight " + (item.weight >= 0 ? "+" : "") + item.weight.toFixed(2) + ")" + (item.quoted ? " · inside a quote" : "")));
    $("before").textContent = item.before.join(" ");
    renderSentence($("sentence"), item);
    $("after").textContent = item.after.join(" ");
    let st = "Status: " + item.status;
    if (item.reviewer) st += " by " + item.reviewer + (item.decided ? " at " + item.decided : "");
    if (item.carried_over) st += " (carried over from an earlier wording of the sentence)";
    if (item.suppressed) st += " (dismissed everywhere by the config)";
    say(st, false);
  }

  async function post(path, body) {
    const r = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Review-Token": token },
      body: JSON.stringify(body),
    });
    const data = await r.json();
    if (!r.ok) throw new Error(data.error || r.statusText);
    return data;
  }

  async function act(fn) {
    if (busy) return;
    busy = true;
    try { await fn(); } catch (e) { say(String(e.message || e), true); } finally { busy = false; }
  }

  function decide(decision) {
    return act(async () => {
      const item = state.items[pos];
      if (!item) return;
      const next = state.items[pos + 1];
      await post("/api/decide", { article_id: item.article_id, key: item.key, decision: decision });
      const stays = $("f-status").value === "all" || $("f-status").value === decision;
      await load(stays ? next || item : next || null);
    });
  }

  function skip() {
    if (!state || !state.items.length) return;
    pos = (pos + 1) % state.items.length;
    render();
  }

  function undo() {
    return act(async () => {
      const done = await post("/api/undo", {});
      if (!done.ok) { say("Nothing to undo.", false); return; }
      await load({ article_id: done.article_id, key: done.key });
    });
  }

  function everywhere() {
    const item = state && state.items[pos];
    if (!item) return;
    if (!window.confirm("Dismiss every flag of the rule " + item.rule + " in every article? This adds it to [review] suppress in the config file; `pipeline review --unsuppress " + item.rule + "` undoes it.")) return;
    act(async () => { await post("/api/suppress", { entry: item.rule }); await load(null); });
  }

  function help() { $("help").hidden = !$("help").hidden; }

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || (e.target && e.target.tagName === "SELECT")) return;
    const k = e.key;
    if (k === "a") decide("accepted");
    else if (k === "d") decide("dismissed");
    else if (k === "s") skip();
    else if (k === "u") undo();
    else if (k === "?") help();
    else return;
    e.preventDefault();
  });
  $("b-accept").addEventListener("click", () => decide("accepted"));
  $("b-dismiss").addEventListener("click", () => decide("dismissed"));
  $("b-skip").addEventListener("click", skip);
  $("b-undo").addEventListener("click", undo);
  $("b-help").addEventListener("click", help);
  $("b-everywhere").addEventListener("click", everywhere);
  for (const id of ["f-status", "f-category", "f-rule"]) {
    $(id).addEventListener("change", () => { pos = 0; load(null); $(id).blur(); });
  }
  load(null).then(() => document.body.setAttribute("data-ready", "1"));
})();
