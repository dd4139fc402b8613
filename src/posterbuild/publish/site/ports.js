// The connection table's filter: workload, role (either end) and port (a number falls inside a
// range such as 50000-59999). No server, no library: it only hides rows; without JavaScript
// the whole table shows.
(function () {
  "use strict";
  var form = document.getElementById("filter");
  var table = document.querySelector("#ports tbody");
  if (!form || !table) { return; }
  var workload = document.getElementById("f-workload");
  var role = document.getElementById("f-role");
  var port = document.getElementById("f-port");
  var count = document.getElementById("f-count");
  var rows = Array.prototype.slice.call(table.rows);

  function portMatches(text, wanted) {
    if (!wanted) { return true; }
    if (!/^\d+$/.test(wanted)) { return text.indexOf(wanted) !== -1; }
    var n = parseInt(wanted, 10);
    return text.split(",").some(function (part) {
      var bounds = part.trim().split("-");
      var low = parseInt(bounds[0], 10), high = parseInt(bounds[bounds.length - 1], 10);
      return !isNaN(low) && n >= low && n <= high;
    });
  }

  function apply() {
    var w = workload.value, r = role.value, p = port.value.trim(), shown = 0;
    rows.forEach(function (row) {
      var ok = (!w || row.dataset.workload === w) &&
               (!r || row.dataset.roles.split("\n").indexOf(r) !== -1) &&
               portMatches(row.dataset.port, p);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " connections";
    var query = new URLSearchParams();
    if (w) { query.set("workload", w); }
    if (r) { query.set("role", r); }
    if (p) { query.set("port", p); }
    var hash = query.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname);
  }

  var start = new URLSearchParams(location.hash.slice(1));
  workload.value = start.get("workload") || "";
  role.value = start.get("role") || "";
  port.value = start.get("port") || "";
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  apply();
}());
