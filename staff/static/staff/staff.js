// The staff workspace's maps: the asset list's map, the asset page's map and the map widget of
// the asset form. Data comes from json_script elements; nothing user-typed is ever parsed as HTML.
(function () {
  "use strict";

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function baseMap(element, tiles) {
    var map = L.map(element, { scrollWheelZoom: true });
    if (tiles && tiles.url) {
      L.tileLayer(tiles.url, { attribution: tiles.attribution || "", maxZoom: 19 }).addTo(map);
    }
    L.control.scale().addTo(map);
    return map;
  }

  var boundaryStyle = { color: "#0b6e4f", weight: 2, fill: false, interactive: false };

  function popupFor(reference, title, url) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = url;
    link.textContent = reference;
    box.appendChild(link);
    if (title) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(title));
    }
    return box;
  }

  // The asset list: every located asset of the selection, coloured by status.
  function listMap() {
    var element = document.getElementById("asset-list-map");
    var data = readJSON("asset-list-map-data");
    if (!element || !data) return;
    var map = baseMap(element, data.tiles);
    var boundaries = L.featureGroup((data.boundaries || []).map(function (geometry) {
      return L.geoJSON(JSON.parse(geometry), { style: boundaryStyle });
    }));
    var renderer = L.canvas();
    var markers = L.featureGroup();
    data.points.forEach(function (p) {
      var url = data.detailUrl.replace("/0/", "/" + p[0] + "/");
      L.circleMarker([p[5], p[4]], {
        renderer: renderer,
        radius: 5,
        color: data.colours[p[3]] || "#333",
        fillOpacity: 0.8,
        weight: 1,
      })
        .bindPopup(popupFor(p[1], p[2], url))
        .addTo(markers);
    });
    var bounds = data.points.length ? markers.getBounds() : boundaries.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17 });
    else map.setView([45, 10], 4);
    boundaries.addTo(map);
    markers.addTo(map);
    element.setAttribute("data-markers", String(data.points.length));
  }

  // The asset page: its boundary, point and parcel. The view is set before any layer is added
  // (Leaflet cannot clip a polygon on a map that has no view yet).
  function assetMap() {
    var element = document.getElementById("asset-map");
    var data = readJSON("asset-map-data");
    if (!element || !data) return;
    var map = baseMap(element, data.tiles);
    var boundaries = (data.boundaries || []).map(function (geometry) {
      return L.geoJSON(JSON.parse(geometry), { style: boundaryStyle });
    });
    var parcel = data.parcels ? L.geoJSON(JSON.parse(data.parcels), { style: { color: "#b15928" } }) : null;
    if (parcel) map.fitBounds(parcel.getBounds(), { padding: [12, 12], maxZoom: 18 });
    else if (data.location) map.setView([data.location[1], data.location[0]], 17);
    else if (boundaries.length) map.fitBounds(boundaries[0].getBounds(), { padding: [12, 12] });
    else map.setView([45, 10], 4);
    boundaries.forEach(function (layer) { layer.addTo(map); });
    if (parcel) parcel.addTo(map);
    if (data.location) {
      L.circleMarker([data.location[1], data.location[0]], { radius: 8, color: "#1f78b4" }).addTo(map);
    }
  }

  // The form's widget: boundary always drawn; a point or a parcel drawn by hand, or typed.
  function widget() {
    var element = document.getElementById("asset-widget");
    var data = readJSON("asset-widget-data");
    if (!element || !data) return;
    var lon = document.getElementById("id_longitude");
    var lat = document.getElementById("id_latitude");
    var parcelInput = document.getElementById("id_parcels_geojson");
    var municipality = document.getElementById("id_municipality");
    var status = document.getElementById("widget-status");
    var map = baseMap(element, data.tiles);
    var boundary = null;
    var marker = null;
    var parcel = null;
    var vertices = [];
    var sketch = null;
    var mode = "point";

    function say(text) { status.textContent = text; }

    function showBoundary() {
      if (boundary) map.removeLayer(boundary);
      var pk = municipality ? municipality.value : Object.keys(data.boundaries)[0];
      var geometry = data.boundaries[pk];
      if (!geometry) { map.setView([45, 10], 4); return; }
      boundary = L.geoJSON(JSON.parse(geometry), { style: boundaryStyle });
      if (!marker && !parcel) map.fitBounds(boundary.getBounds(), { padding: [12, 12] });
      boundary.addTo(map);
    }

    function showPoint() {
      var x = parseFloat(lon.value), y = parseFloat(lat.value);
      if (marker) { map.removeLayer(marker); marker = null; }
      if (isFinite(x) && isFinite(y)) {
        marker = L.circleMarker([y, x], { radius: 8, color: "#1f78b4" }).addTo(map);
      }
    }

    function showParcel() {
      if (parcel) { map.removeLayer(parcel); parcel = null; }
      var text = parcelInput.value.trim();
      if (!text || text.charAt(0) !== "{") return;
      try {
        parcel = L.geoJSON(JSON.parse(text), { style: { color: "#b15928" } }).addTo(map);
      } catch (error) {
        say("The parcel is not valid GeoJSON.");
      }
    }

    function setMode(next) {
      mode = next;
      vertices = [];
      if (sketch) { map.removeLayer(sketch); sketch = null; }
      element.setAttribute("data-mode", mode);
      say(mode === "point" ? "Click the map to place the asset." :
        "Click the parcel's corners, then press “Finish parcel”.");
    }

    map.on("click", function (event) {
      var x = event.latlng.lng.toFixed(7), y = event.latlng.lat.toFixed(7);
      if (mode === "point") {
        lon.value = x;
        lat.value = y;
        showPoint();
        say("Point set at " + x + ", " + y + ".");
      } else {
        vertices.push([parseFloat(x), parseFloat(y)]);
        if (sketch) map.removeLayer(sketch);
        sketch = L.polyline(vertices.map(function (v) { return [v[1], v[0]]; }), { color: "#b15928", dashArray: "4" }).addTo(map);
        say(vertices.length + " corner(s).");
      }
    });

    document.getElementById("widget-point").addEventListener("click", function () { setMode("point"); });
    document.getElementById("widget-parcel").addEventListener("click", function () { setMode("parcel"); });
    document.getElementById("widget-finish").addEventListener("click", function () {
      if (vertices.length < 3) { say("A parcel needs at least three corners."); return; }
      var ring = vertices.concat([vertices[0]]);
      parcelInput.value = JSON.stringify({ type: "MultiPolygon", coordinates: [[ring]] });
      setMode("point");
      showParcel();
      say("Parcel drawn with " + (ring.length - 1) + " corners.");
    });
    document.getElementById("widget-clear").addEventListener("click", function () {
      lon.value = "";
      lat.value = "";
      parcelInput.value = "";
      showPoint();
      showParcel();
      setMode("point");
    });
    lon.addEventListener("change", showPoint);
    lat.addEventListener("change", showPoint);
    parcelInput.addEventListener("change", showParcel);
    if (municipality) municipality.addEventListener("change", showBoundary);

    showBoundary();
    showPoint();
    showParcel();
    if (marker && !parcel) map.setView(marker.getLatLng(), 17);
    else if (parcel) map.fitBounds(parcel.getBounds(), { padding: [12, 12] });
    setMode("point");
  }

  // Legend swatches take their colour from data attributes (no inline styles under the CSP).
  document.querySelectorAll(".swatch[data-colour]").forEach(function (swatch) {
    swatch.style.background = swatch.getAttribute("data-colour");
  });
  listMap();
  assetMap();
  widget();
})();
