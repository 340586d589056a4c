// Filters and cross-highlighting; the page is complete without this script.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var flags = Array.prototype.slice.call(document.querySelectorAll("li.flag"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("a.mark"));
  if (!form) { return; }
  form.hidden = false;
  function checked(name) {
    var out = {};
    form.querySelectorAll("input[name=" + name + "]").forEach(function (box) {
      out[box.value] = box.checked;
    });
    return out;
  }
  function apply() {
    var sev = checked("sev"), fam = checked("fam"), visible = {};
    flags.forEach(function (li) {
      var show = sev[li.dataset.sev] !== false && fam[li.dataset.fam] !== false;
      li.hidden = !show;
      if (show) { visible[li.id.slice(5)] = true; }
    });
    marks.forEach(function (a) {
      var ids = (a.dataset.flags || "").split(" ");
      a.classList.toggle("off", !ids.some(function (id) { return visible[id]; }));
    });
    var shown = document.getElementById("shown-count");
    if (shown) { shown.textContent = String(Object.keys(visible).length); }
  }
  form.addEventListener("change", apply);
  function activate(ids) {
    document.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    ids.forEach(function (id) {
      var li = document.getElementById("flag-" + id);
      if (!li) { return; }
      li.classList.add("active");
      (li.dataset.segs || "").split(" ").forEach(function (s) {
        var seg = s && document.getElementById("seg-" + s);
        if (seg) { seg.classList.add("active"); seg.scrollIntoView({block: "nearest"}); }
      });
    });
  }
  marks.forEach(function (a) {
    a.addEventListener("mouseenter", function () { activate((a.dataset.flags || "").split(" ")); });
    a.addEventListener("click", function () { activate((a.dataset.flags || "").split(" ")); });
  });
  apply();
}());
