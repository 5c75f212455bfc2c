// meetup-tracker's map page: draws the data inlined in this file with Leaflet, offline.
// No tile layer and no request of any kind: the page's Content-Security-Policy forbids them.
(function () {
  "use strict";

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  // TopoJSON: arcs of delta-encoded integers, shapes made of arc indexes (~i reverses arc i).
  function decodeArcs(topology) {
    var t = topology.transform;
    return topology.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        if (!t) return [p[1], p[0]];
        x += p[0]; y += p[1];
        return [y * t.scale[1] + t.translate[1], x * t.scale[0] + t.translate[0]];
      });
    });
  }

  function ring(arcs, indexes) {
    var points = [];
    indexes.forEach(function (i) {
      var part = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
      points = points.concat(points.length ? part.slice(1) : part);
    });
    return points;
  }

  function polygons(topology, layer) {
    var arcs = decodeArcs(topology), found = [];
    topology.objects[layer].geometries.forEach(function (g) {
      var parts = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      parts.forEach(function (polygon) {
        found.push(polygon.map(function (r) { return ring(arcs, r); }));
      });
    });
    return found;
  }

  function shifted(rings, by) {
    if (!by) return rings;
    return rings.map(function (r) {
      return r.map(function (p) { return [p[0], p[1] + by]; });
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var data = readJson("meetup-data");
  var atlas = readJson("meetup-atlas");
  var canvas = L.canvas({ padding: 0.5 });
  var map = L.map("map", {
    preferCanvas: true,
    renderer: canvas,
    zoomSnap: 0.25,
    worldCopyJump: false,
    attributionControl: false,
  });
  var west = data.bounds[2], east = data.bounds[3];
  // A view across the antimeridian (a Pacific route) shows the outlines on both sides of it.
  var copies = west < -180 || east > 180 ? [-360, 0, 360] : [0];

  // The background: land, country borders, US states.
  var countries = polygons(atlas.countries, "countries");
  var states = polygons(atlas.states, "states");
  copies.forEach(function (by) {
    L.polygon(countries.map(function (p) { return shifted(p, by); }), {
      renderer: canvas, className: "land", color: "#9a948a", weight: 0.8,
      fillColor: "#f6f3ec", fillOpacity: 1, interactive: false,
    }).addTo(map);
    L.polygon(states.map(function (p) { return shifted(p, by); }), {
      renderer: canvas, color: "#b9b3a8", weight: 0.5, fill: false, interactive: false,
    }).addTo(map);
  });

  var meetup = { map: map, contacts: [], along: [], stops: [], route: null, corridor: null };
  window.meetup = meetup;

  // The route: its corridor, the road, its stops labelled in order.
  if (data.route) {
    meetup.corridor = L.polygon(data.route.corridor, {
      renderer: canvas, stroke: false, fillColor: "#f2c94c", fillOpacity: 0.25,
      fillRule: "nonzero", interactive: false,
    }).addTo(map);
    meetup.route = L.polyline(data.route.line, {
      renderer: canvas, color: "#b7791f", weight: 4, opacity: 0.9, interactive: false,
    }).addTo(map);
    data.route.stops.forEach(function (stop) {
      var label = el("span", "stop-label", stop.label);
      // A hollow square above the dots: whoever lives at the stop stays visible inside it.
      var icon = L.divIcon({ className: "stop-icon", html: "", iconSize: [20, 20] });
      var marker = L.marker([stop.y, stop.x], { icon: icon, keyboard: false, title: stop.place })
        .bindTooltip(label, { permanent: true, direction: "right", offset: [10, 0],
          className: "stop" }).addTo(map);
      var popup = el("div", "popup");
      popup.appendChild(el("strong", null, stop.label));
      popup.appendChild(el("div", null, stop.place));
      if (stop.when) popup.appendChild(el("div", null, stop.when));
      marker.bindPopup(popup);
      meetup.stops.push(marker);
    });
  }

  function popupFor(c) {
    var box = el("div", "popup");
    box.appendChild(el("strong", null, (c.k ? c.k + ". " : "") + c.n));
    if (c.c) box.appendChild(el("div", null, c.c));
    (c.h || []).forEach(function (h) { box.appendChild(el("div", "handle", h)); });
    box.appendChild(el("div", null, c.m ? "Met in person, last on " + c.l : "Not met yet"));
    if (c.g) box.appendChild(el("div", null, "Along " + c.g));
    if (c.ch) box.appendChild(el("div", "chance", "Next chance: " + c.ch));
    return box;
  }

  // Contacts: met are filled dots, not met are rings (colour and shape both differ).
  data.contacts.forEach(function (c) {
    var big = !!c.k;
    var style = c.m
      ? { radius: big ? 8 : 5, color: "#1f4e8c", weight: 1, fillColor: "#2f6fbf", fillOpacity: 0.9 }
      : { radius: big ? 8 : 5, color: "#c05621", weight: big ? 3 : 2.5, fillColor: "#ffffff",
          fillOpacity: 0.9 };
    style.renderer = canvas;
    var marker = L.circleMarker([c.y, c.x], style);
    marker.bindPopup(function () { return popupFor(c); });
    marker.contact = c;
    if (big) {
      marker.bindTooltip(el("span", null, String(c.k)), { permanent: true,
        direction: "center", className: "number" });
      meetup.along.push(marker);
    }
    marker.addTo(map);
    meetup.contacts.push(marker);
  });

  map.fitBounds([[data.bounds[0], west], [data.bounds[1], east]]);

  // Title and legend, as controls.
  var Box = L.Control.extend({
    initialize: function (node, options) { this.node = node; L.setOptions(this, options); },
    onAdd: function () { L.DomEvent.disableClickPropagation(this.node); return this.node; },
  });
  var head = el("div", "panel title");
  head.appendChild(el("h1", null, data.title));
  head.appendChild(el("div", "date", "Made " + data.date));
  head.appendChild(el("div", null, data.summary));
  new Box(head, { position: "topright" }).addTo(map);

  var legend = el("div", "panel legend");
  [["dot met", "met in person"], ["dot unmet", "not met yet"]].forEach(function (row) {
    var line = el("div");
    line.appendChild(el("span", row[0]));
    line.appendChild(el("span", null, row[1]));
    legend.appendChild(line);
  });
  if (data.route) {
    [["line road", "the road"], ["swatch corridor", "within " + data.route.within],
     ["dot stop", "stops, in order"], ["dot along", "along the way, numbered"]]
      .forEach(function (row) {
        var line = el("div");
        line.appendChild(el("span", row[0]));
        line.appendChild(el("span", null, row[1]));
        legend.appendChild(line);
      });
  }
  (data.notes || []).forEach(function (note) { legend.appendChild(el("div", "note", note)); });
  new Box(legend, { position: "bottomleft" }).addTo(map);
  L.control.attribution({ prefix: "Leaflet" })
    .addAttribution("Outlines: Natural Earth, US Census Bureau")
    .addAttribution("Roads: © OpenStreetMap contributors").addTo(map);
  document.body.setAttribute("data-ready", "1");
})();
