/* posterbuild viewer: OpenSeadragon over the poster's Deep Zoom tiles, with search.
   Everything is loaded by <script> and <img>, so it works from file:// as from any server. */
(function () {
  "use strict";
  var data = window.POSTER;
  var viewer = OpenSeadragon({
    id: "viewer",
    prefixUrl: "openseadragon/images/",
    tileSources: data.tileSource,
    showNavigator: true,
    maxZoomPixelRatio: 2,
    visibilityRatio: 0.5,
    animationTime: 0.8,
    gestureSettingsMouse: { clickToZoom: false }
  });
  window.posterViewer = viewer;

  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("count");
  var marker = null;

  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return []; }
    return data.index.filter(function (e) {
      return (e.text + " " + (e.ends || "") + " " + (e.workload || "")).toLowerCase().indexOf(q) !== -1;
    });
  }

  function show(entry) {
    var pad = Math.max(entry.w, entry.h) * 1.5;
    var rect = new OpenSeadragon.Rect(entry.x - pad, entry.y - pad, entry.w + 2 * pad, entry.h + 2 * pad);
    if (marker) { viewer.removeOverlay(marker); }
    marker = document.createElement("div");
    marker.className = "hit";
    viewer.addOverlay(marker, new OpenSeadragon.Rect(entry.x, entry.y, entry.w, entry.h));
    viewer.viewport.fitBounds(rect);
    window.posterLastMatch = entry;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var found = matches(input.value);
    list.innerHTML = "";
    count.textContent = found.length + (found.length === 1 ? " match" : " matches");
    found.forEach(function (entry, i) {
      var item = document.createElement("li");
      item.textContent = entry.text;
      var where = document.createElement("small");
      where.textContent = [entry.workload, entry.ends].filter(Boolean).join(": ");
      item.appendChild(where);
      item.addEventListener("click", function () {
        Array.prototype.forEach.call(list.children, function (li) { li.classList.remove("current"); });
        item.classList.add("current");
        show(entry);
      });
      list.appendChild(item);
      if (i === 0) { item.classList.add("current"); }
    });
    if (found.length) { show(found[0]); }
  });
}());
