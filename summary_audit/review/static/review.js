// The review app's keyboard flow.  Every page works without this script (forms post and the
// server redirects back); it adds shortcuts, records decisions without a reload, keeps the
// selected flag's summary span and transcript evidence highlighted, and moves to the next
// undecided flag after each decision.
(function () {
  "use strict";
  var page = document.body.dataset.page;

  function all(sel, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(sel));
  }
  function typing(el) {
    var t = el && el.tagName;
    return t === "INPUT" || t === "TEXTAREA" || t === "SELECT" || (el && el.isContentEditable);
  }
  function hasFlag(el, id) {
    return (" " + (el.dataset.flags || "") + " ").indexOf(" " + id + " ") >= 0;
  }
  function go(id) {
    var a = document.getElementById(id);
    if (a && a.href) { window.location.href = a.href; return true; }
    return false;
  }

  // -- legend and toast --------------------------------------------------------------------
  var legend = document.getElementById("legend");
  function toggleLegend() {
    if (!legend) { return; }
    if (legend.open) { legend.close(); } else { legend.showModal(); }
  }
  all("[data-legend]").forEach(function (b) { b.addEventListener("click", toggleLegend); });

  var toastEl = document.getElementById("toast");
  var toastTimer = null;
  var lastUndo = null;
  function toast(text, kind, undoForm) {
    if (!toastEl) { return; }
    toastEl.textContent = text;
    toastEl.className = kind || "";
    if (undoForm) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "link";
      b.textContent = "Undo (u)";
      b.addEventListener("click", function () { submit(undoForm); });
      toastEl.appendChild(document.createTextNode(" "));
      toastEl.appendChild(b);
    }
    toastEl.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { toastEl.hidden = true; }, 10000);
  }

  // -- queue -------------------------------------------------------------------------------
  var rows = all("tr[data-href]");
  var row = -1;
  function selectRow(i) {
    if (!rows.length) { return; }
    row = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r) { r.classList.remove("current"); });
    rows[row].classList.add("current");
    var link = rows[row].querySelector("a");
    if (link) { link.focus(); }
  }
  function toggleUnreviewed() {
    var params = new URLSearchParams(window.location.search);
    if ((params.get("show") || "open") === "open") { params.set("show", "all"); } else { params.delete("show"); }
    params.delete("page");
    var qs = params.toString();
    window.location.href = "/" + (qs ? "?" + qs : "");
  }
  function queueKey(k) {
    if (k === "j") { selectRow(row + 1); return true; }
    if (k === "k") { selectRow(row - 1); return true; }
    if (k === "o" && row >= 0) { window.location.href = rows[row].dataset.href; return true; }
    if (k === "n") { return go("next-page"); }
    if (k === "p") { return go("prev-page"); }
    if (k === "u") { toggleUnreviewed(); return true; }
    return false;
  }

  // -- audit page --------------------------------------------------------------------------
  var cards = [];
  var cur = -1;
  var busy = false;
  function refreshCards() { cards = all("li.flag"); }
  function indexOf(id) {
    for (var i = 0; i < cards.length; i++) { if (cards[i].dataset.flag === id) { return i; } }
    return -1;
  }
  function scrollWithin(panel, el) {
    if (!panel || !el) { return; }
    var top = el.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
    panel.scrollTop = Math.max(0, top - panel.clientHeight / 3);
  }
  function select(i, scroll) {
    refreshCards();
    if (!cards.length) { return; }
    cur = Math.max(0, Math.min(cards.length - 1, i));
    var card = cards[cur];
    var id = card.dataset.flag;
    all("li.flag.active, a.mark.active, .seg.active, mark.ev.active").forEach(function (el) {
      el.classList.remove("active");
    });
    card.classList.add("active");
    card.focus({ preventScroll: true });
    if (scroll !== false) { card.scrollIntoView({ block: "nearest" }); }
    var marks = all("a.mark").filter(function (a) { return hasFlag(a, id); });
    marks.forEach(function (a) { a.classList.add("active"); });
    scrollWithin(document.querySelector(".review-grid .summary"), marks[0]);
    var first = null;
    (card.dataset.segs || "").split(" ").forEach(function (s) {
      var seg = s && document.getElementById("seg-" + s);
      if (seg) { seg.classList.add("active"); first = first || seg; }
    });
    all("mark.ev").forEach(function (m) { if (hasFlag(m, id)) { m.classList.add("active"); } });
    scrollWithin(document.querySelector(".review-grid .transcript"), first);
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search + "#flag-" + id);
    }
  }
  function submit(form) {
    if (!form || busy) { return; }
    busy = true;
    var card = form.closest("li.flag");
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (r) {
      return r.json().catch(function () { return { ok: false, error: "The server answered " + r.status + "; nothing was recorded." }; });
    }).then(function (data) {
      busy = false;
      if (data.ok) { applied(data); } else { failed(card, form, data); }
    }).catch(function () {
      busy = false;
      failed(card, form, { error: "The server could not be reached; nothing was recorded." });
    });
  }
  function applied(data) {
    refreshCards();
    var old = cards[indexOf(data.flag)];
    var fresh = null;
    if (old) {
      var holder = document.createElement("div");
      holder.innerHTML = data.card_html;
      fresh = holder.firstElementChild;
      old.replaceWith(fresh);
      enhance(fresh);
    }
    refreshCards();
    var progress = document.getElementById("progress");
    if (progress) { progress.textContent = data.decided + " of " + data.total + (data.total === 1 ? " flag" : " flags") + " decided"; }
    var undo = fresh && fresh.classList.contains("decided") ? fresh.querySelector("form.undo") : null;
    lastUndo = undo;
    var message = data.message;
    if (data.decided === data.total && data.total > 0) {
      message += " All flags here are decided" + (document.getElementById("next-audit") ? ": n opens the next audit." : ".");
    }
    toast(message, "ok", undo);
    var target = data.next ? indexOf(data.next) : indexOf(data.flag);
    select(target >= 0 ? target : cur);
  }
  function failed(card, form, data) {
    var message = data.error || "Not recorded.";
    if (!card) { toast(message, "error"); return; }
    var p = card.querySelector(".card-error");
    if (!p) {
      p = document.createElement("p");
      p.className = "card-error";
      p.setAttribute("role", "alert");
      var row = card.querySelector(".decide-row");
      if (row) { row.before(p); } else { card.appendChild(p); }
    }
    p.textContent = message;
    if (data.need_name) {
      var who = document.querySelector("#who input[name=reviewer]");
      if (who) { who.focus(); return; }
    }
    var input = form.querySelector("input[name=reason]");
    if (input) { input.focus(); } else { card.focus(); }
  }
  function enhance(root) {
    var forms = all("form.decide, form.undo", root);
    if (root.matches && root.matches("form.decide, form.undo")) { forms.push(root); }
    forms.forEach(function (f) {
      f.noValidate = true;  // errors come back from the server, shown in the card
      f.addEventListener("submit", function (e) { e.preventDefault(); submit(f); });
    });
  }
  function auditKey(k) {
    var card = cards[cur];
    if (k === "j") { select(cur + 1); return true; }
    if (k === "k") { select(cur - 1); return true; }
    if (k === "n") { return go("next-audit"); }
    if (k === "p") { return go("prev-audit"); }
    if (k === "q") { return go("to-queue"); }
    if (k === "u") {
      var undo = lastUndo && document.contains(lastUndo) ? lastUndo : card && card.querySelector("form.undo");
      lastUndo = null;
      if (undo) { submit(undo); } else { toast("Nothing to undo on this flag."); }
      return true;
    }
    if (!card) { return false; }
    if ((k === "c" || k === "d" || k === "f") && card.classList.contains("listing")) {
      toast("A listing: nothing to confirm or dismiss here.");
      return true;
    }
    if (k === "c") { submit(card.querySelector('form.decide[data-decision="confirm"]')); return true; }
    if (k === "d" || k === "f") {
      var which = k === "d" ? "dismiss" : "follow_up";
      var input = card.querySelector('form.decide[data-decision="' + which + '"] input[name=reason]');
      if (input) { input.focus(); return true; }
    }
    return false;
  }

  // -- wiring ------------------------------------------------------------------------------
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (legend && legend.open) { return; }
    if (typing(e.target)) {
      if (e.key === "Escape" && page === "audit") {
        e.target.blur();
        select(cur, false);
        e.preventDefault();
      }
      return;
    }
    if (e.key === "?") { toggleLegend(); e.preventDefault(); return; }
    var handled = page === "audit" ? auditKey(e.key) : page === "queue" ? queueKey(e.key) : false;
    if (handled) { e.preventDefault(); }
  });

  if (page === "queue") {
    var name = document.querySelector("#who input[name=reviewer]");
    if (name) { name.focus(); } else { selectRow(0); }
  }
  if (page === "audit") {
    enhance(document);
    refreshCards();
    document.addEventListener("click", function (e) {
      var card = e.target.closest && e.target.closest("li.flag");
      if (card && !typing(e.target) && e.target.tagName !== "BUTTON") { select(cards.indexOf(card), false); }
    });
    window.addEventListener("hashchange", function () {
      var m = /^#flag-(.+)$/.exec(window.location.hash);
      if (m && indexOf(m[1]) >= 0) { select(indexOf(m[1])); }
    });
    var grid = document.querySelector(".review-grid");
    var wanted = (/^#flag-(.+)$/.exec(window.location.hash) || [])[1] || (grid && grid.dataset.focus) || "";
    var start = wanted ? indexOf(wanted) : -1;
    if (start < 0) {
      for (var i = 0; i < cards.length; i++) {
        var c = cards[i].classList;
        if (!c.contains("decided") && !c.contains("listing")) { start = i; break; }
      }
    }
    if (cards.length) { select(start < 0 ? 0 : start); }
    var typed = document.querySelector("li.flag .card-error");
    if (typed) {
      var field = typed.closest("li.flag").querySelector("input[name=reason]:not([value=''])") ||
        typed.closest("li.flag").querySelector('form[data-decision="dismiss"] input[name=reason]');
      if (field) { field.focus(); }
    }
  }
}());
