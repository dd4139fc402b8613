/* posterbuild viewer: OpenSeadragon over the poster's Deep Zoom tiles, with search, and answers.
   Select a role, a connection label or a firewall (click it, search it, or open #role=ID): its
   lines are highlighted on the poster, the rest dimmed, and its rules listed as text.
   The highlight is drawn from the placed geometry (overlay.json, also in poster-data.js so
   that file:// works), in an SVG that follows OpenSeadragon's viewport: never from pixels. */
(function () {
  "use strict";
  var data = window.POSTER;
  var geo = data.overlay;
  var SVG = "http://www.w3.org/2000/svg";
  var viewer = OpenSeadragon({
    id: "viewer",
    prefixUrl: "openseadragon/images/",
    tileSources: data.tileSource,
    showNavigator: true,
    navigatorPosition: "BOTTOM_RIGHT",  // over the tables, not the diagrams a selection flies to
    // from file:// the tiles are cross-origin to the page: WebGL cannot take them as textures
    // (the navigator stayed blank), the 2D canvas can
    drawer: location.protocol === "file:" ? "canvas" : ["webgl", "canvas"],
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
  var details = document.getElementById("details");
  var detailsTitle = document.getElementById("details-title");
  var detailsSummary = document.getElementById("details-summary");
  var rulesList = document.getElementById("rules");
  var marker = null;

  /* ---- the overlay: sheet points (x right, y down) in OpenSeadragon's viewport ------------ */
  var svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "answer-overlay");
  svg.setAttribute("aria-hidden", "true");
  var layer = document.createElementNS(SVG, "g");
  svg.appendChild(layer);
  viewer.canvas.appendChild(svg);

  function place() {
    var vp = viewer.viewport;
    var o = vp.pixelFromPoint(new OpenSeadragon.Point(0, 0), true);
    var one = vp.pixelFromPoint(new OpenSeadragon.Point(1, 0), true);
    var k = (one.x - o.x) / geo.width;  // viewport x runs 0..1 over the sheet's width
    layer.setAttribute("transform", "translate(" + o.x + "," + o.y + ") scale(" + k + ")");
  }
  ["open", "animation", "update-viewport", "resize", "rotate"].forEach(function (name) {
    viewer.addHandler(name, place);
  });

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (parent || layer).appendChild(node);
    return node;
  }

  function pointsText(points) {
    return points.map(function (p) { return p[0] + "," + p[1]; }).join(" ");
  }

  /* ---- what a selection means ---------------------------------------------------------- */
  function linesWhere(test) {
    var out = [];
    geo.diagrams.forEach(function (d) {
      d.lines.forEach(function (line) { if (test(line, d)) { out.push({ line: line, diagram: d }); } });
    });
    return out;
  }

  function answer(kind, id) {
    var rules = [], lines = [], boxes = [], walls = [], title = "";
    if (kind === "role" && geo.roles[id]) {
      title = geo.roles[id].name;
      lines = linesWhere(function (l) { return l.tail === id || l.head === id; });
      geo.rules.forEach(function (r, i) { if (r.from === id || r.to === id) { rules.push(i); } });
      geo.diagrams.forEach(function (d) { if (d.boxes[id]) { boxes.push(d.boxes[id]); } });
    } else if (kind === "connection") {
      lines = linesWhere(function (l, d) { return d.workload + "." + l.id === id; });
      if (lines.length) {
        var hit = lines[0];
        title = hit.line.text + " · " + geo.roles[hit.line.tail].name + " – " + geo.roles[hit.line.head].name;
        rules = hit.line.rules.slice();
        boxes = [hit.diagram.boxes[hit.line.tail], hit.diagram.boxes[hit.line.head]];
      }
    } else if (kind === "firewall" && geo.firewalls[id]) {
      var fw = geo.firewalls[id];
      title = fw.name;
      rules = fw.rules.slice();
      var crossing = {};
      rules.forEach(function (i) { crossing[i] = true; });
      lines = linesWhere(function (l) { return l.rules.some(function (i) { return crossing[i]; }); });
      geo.diagrams.forEach(function (d) {
        d.walls.forEach(function (w) { if (w.firewall === id) { walls.push(w); } });
      });
    } else {
      return null;
    }
    return { kind: kind, id: id, title: title, rules: rules, lines: lines, boxes: boxes, walls: walls };
  }

  /* ---- drawing the answer -------------------------------------------------------------- */
  function draw(a) {
    while (layer.firstChild) { layer.removeChild(layer.firstChild); }
    if (!a) { return; }
    // the rest is dimmed; what the answer names shows through holes in the dimming, undimmed
    var defs = el("defs", {});
    var mask = el("mask", { id: "answer-mask", maskUnits: "userSpaceOnUse", x: 0, y: 0,
                            width: geo.width, height: geo.height }, defs);
    el("rect", { x: 0, y: 0, width: geo.width, height: geo.height, fill: "white" }, mask);
    function hole(b, pad) {
      el("rect", { x: b[0] - pad, y: b[1] - pad, width: b[2] + 2 * pad, height: b[3] + 2 * pad, fill: "black" }, mask);
    }
    a.lines.forEach(function (hit) {
      el("polyline", { points: pointsText(hit.line.points), fill: "none", stroke: "black", "stroke-width": 9 }, mask);
      hole(hit.line.label, 2);
    });
    a.boxes.forEach(function (b) { hole(b, 3); });
    a.walls.forEach(function (w) { hole([w.x - w.w, w.top, 2 * w.w, w.bottom - w.top], 1); });
    el("rect", { x: 0, y: 0, width: geo.width, height: geo.height, "class": "dim", mask: "url(#answer-mask)" });
    a.walls.forEach(function (w) {
      el("rect", { x: w.x - w.w, y: w.top, width: 2 * w.w, height: w.bottom - w.top, "class": "wall-hit" });
    });
    a.lines.forEach(function (hit) {
      el("polyline", { points: pointsText(hit.line.points), "class": "line", stroke: hit.line.color });
      var b = hit.line.label;
      el("rect", { x: b[0] - 1.5, y: b[1] - 1.5, width: b[2] + 3, height: b[3] + 3, rx: 3, "class": "label-hit",
                   stroke: hit.line.color });
    });
    a.boxes.forEach(function (b) {
      el("rect", { x: b[0] - 2, y: b[1] - 2, width: b[2] + 4, height: b[3] + 4, rx: 6, "class": "box-hit" });
    });
  }

  function ruleItem(i) {
    var r = geo.rules[i];
    var item = document.createElement("li");
    item.tabIndex = 0;
    item.className = "rule";
    var head = document.createElement("strong");
    head.textContent = r.from_name + (r.both_ways ? " ⇄ " : " → ") + r.to_name;
    item.appendChild(head);
    var facts = document.createElement("span");
    facts.textContent = [r.protocol + (r.transport ? " over " + r.transport : ""),
                         r.port ? "port " + r.port : "port set per device",
                         r.both_ways ? "either side opens" : "opened by " + r.from_name,
                         r.workload].join(" · ");
    item.appendChild(facts);
    if (r.note) {
      var note = document.createElement("span");
      note.className = "note";
      note.textContent = r.note;
      item.appendChild(note);
    }
    if (r.source) {
      var link = document.createElement(/^https?:/.test(r.source) ? "a" : "span");
      link.className = "source";
      link.textContent = "source: " + r.source;
      if (link.tagName === "A") { link.href = r.source; link.rel = "noopener"; }
      item.appendChild(link);
    }
    item.setAttribute("aria-label", head.textContent + ". " + facts.textContent + (r.note ? ". " + r.note : ""));
    return item;
  }

  function describe(a) {
    rulesList.innerHTML = "";
    if (!a) {
      details.hidden = true;
      return;
    }
    details.hidden = false;
    var what = { role: "Role", connection: "Connection", firewall: "Firewall" }[a.kind];
    detailsTitle.textContent = what + ": " + a.title;
    detailsSummary.textContent = a.rules.length + (a.rules.length === 1 ? " rule" : " rules") +
      (a.kind === "firewall" ? " cross this firewall" : "") + "; " + a.lines.length +
      (a.lines.length === 1 ? " line" : " lines") + " highlighted on the poster.";
    a.rules.forEach(function (i) { rulesList.appendChild(ruleItem(i)); });
  }

  function select(kind, id, options) {
    var a = answer(kind, id);
    draw(a);
    describe(a);
    window.posterSelection = a ? { kind: a.kind, id: a.id, rules: a.rules.length, lines: a.lines.length,
                                   title: a.title } : null;
    if (a && !(options && options.keepHash)) {
      history.replaceState(null, "", "#" + kind + "=" + encodeURIComponent(id));
    }
    if (a && options && options.fly) {
      var xs = [], ys = [];
      // the lines, and the boxes at both ends of each: the reader sees who is at the other end
      var ends = a.boxes.slice();
      a.lines.forEach(function (h) {
        h.line.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); });
        [h.line.tail, h.line.head].forEach(function (r) { if (h.diagram.boxes[r]) { ends.push(h.diagram.boxes[r]); } });
      });
      ends.forEach(function (b) { xs.push(b[0], b[0] + b[2]); ys.push(b[1], b[1] + b[3]); });
      a.walls.forEach(function (w) { xs.push(w.x); ys.push(w.top, w.bottom); });
      if (xs.length) {
        var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
        var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys), pad = 30;
        viewer.viewport.fitBounds(new OpenSeadragon.Rect((x0 - pad) / geo.width, (y0 - pad) / geo.width,
                                                         (x1 - x0 + 2 * pad) / geo.width,
                                                         (y1 - y0 + 2 * pad) / geo.width));
      }
    }
    return a;
  }
  window.posterSelect = select;

  function fromHash() {
    var m = /^#(role|connection|firewall)=(.+)$/.exec(location.hash);
    if (m) { select(m[1], decodeURIComponent(m[2]), { keepHash: true, fly: true }); }
  }
  window.addEventListener("hashchange", fromHash);
  viewer.addOnceHandler("open", function () { place(); fromHash(); });

  /* ---- clicking the poster: hit-test the placed geometry ------------------------------- */
  function inside(b, x, y, pad) {
    return x >= b[0] - pad && x <= b[0] + b[2] + pad && y >= b[1] - pad && y <= b[1] + b[3] + pad;
  }

  function nearLine(points, x, y, tolerance) {
    for (var i = 1; i < points.length; i++) {
      var a = points[i - 1], b = points[i];
      var minX = Math.min(a[0], b[0]) - tolerance, maxX = Math.max(a[0], b[0]) + tolerance;
      var minY = Math.min(a[1], b[1]) - tolerance, maxY = Math.max(a[1], b[1]) + tolerance;
      if (x >= minX && x <= maxX && y >= minY && y <= maxY) { return true; }  // right-angled runs
    }
    return false;
  }

  function hitTest(x, y) {
    for (var i = 0; i < geo.diagrams.length; i++) {
      var d = geo.diagrams[i];
      var found = null;
      Object.keys(d.boxes).forEach(function (rid) { if (!found && inside(d.boxes[rid], x, y, 0)) { found = ["role", rid]; } });
      d.lines.forEach(function (l) { if (!found && inside(l.label, x, y, 1)) { found = ["connection", d.workload + "." + l.id]; } });
      d.walls.forEach(function (w) {
        if (!found && Math.abs(x - w.x) <= w.w && y >= w.top && y <= w.bottom) { found = ["firewall", w.firewall]; }
      });
      d.lines.forEach(function (l) { if (!found && nearLine(l.points, x, y, 2.5)) { found = ["connection", d.workload + "." + l.id]; } });
      if (found) { return found; }
    }
    return null;
  }

  viewer.addHandler("canvas-click", function (event) {
    if (!event.quick) { return; }
    var p = viewer.viewport.pointFromPixel(event.position);
    var hit = hitTest(p.x * geo.width, p.y * geo.width);
    if (hit) { select(hit[0], hit[1]); } else { clear(); }
  });

  function clear() {
    draw(null);
    describe(null);
    window.posterSelection = null;
    history.replaceState(null, "", location.pathname + location.search);
  }
  document.getElementById("clear").addEventListener("click", clear);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { clear(); } });

  /* ---- search ---------------------------------------------------------------------------- */
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
    if (marker) { viewer.removeOverlay(marker); marker = null; }
    if (entry.select) {  // a role or a connection: its answer is the highlight
      select(entry.select[0], entry.select[1]);
    } else {  // a panel: a frame around it
      marker = document.createElement("div");
      marker.className = "hit";
      viewer.addOverlay(marker, new OpenSeadragon.Rect(entry.x, entry.y, entry.w, entry.h));
    }
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
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = entry.text;
      var where = document.createElement("small");
      where.textContent = [entry.workload, entry.ends].filter(Boolean).join(": ");
      button.appendChild(where);
      button.addEventListener("click", function () {
        Array.prototype.forEach.call(list.children, function (li) { li.classList.remove("current"); });
        item.classList.add("current");
        show(entry);
      });
      item.appendChild(button);
      list.appendChild(item);
      if (i === 0) { item.classList.add("current"); }
    });
    if (found.length) { show(found[0]); }
  });
}());
