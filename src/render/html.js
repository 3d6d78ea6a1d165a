// The audit table of `--format html`: sort by a column (click its header again to reverse),
// filter by severity and code. Rows without a value sort last either way; ties keep the
// report's order. Marks the page ready (body data-ready) once wired, which the tests read.
(function () {
  "use strict";
  var table = document.getElementById("findings");
  var sev = document.getElementById("filter-severity");
  var code = document.getElementById("filter-code");
  var shown = document.getElementById("shown");
  if (table && table.tBodies.length) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var value = function (row, i, numeric) {
      var cell = row.cells[i];
      var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
      if (v === "") return null;
      return numeric ? Number(v) : v;
    };
    heads.forEach(function (th, i) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = value(a, i, numeric), y = value(b, i, numeric);
          var order = Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
          if (x === null || y === null) return (x === null) - (y === null) || order;
          if (x < y) return -dir;
          if (x > y) return dir;
          return order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var filter = function () {
      var n = 0;
      rows.forEach(function (r) {
        var keep = (!sev.value || r.getAttribute("data-severity") === sev.value) &&
          (!code.value || r.getAttribute("data-code") === code.value);
        r.hidden = !keep;
        if (keep) n += 1;
      });
      shown.textContent = String(n);
    };
    sev.addEventListener("change", filter);
    code.addEventListener("change", filter);
  }
  document.body.setAttribute("data-ready", "1");
})();
