/* Public layers on the registry's maps.
 *
 * RegistryMaps.addLayers(map, options) draws, on a Leaflet map made by maps/folium_maps.py:
 *   options.projects   URL of a GeoJSON layer of reuse projects (circles coloured by use category)
 *   options.assets     URL of a GeoJSON layer of assets (grey circles; clustered if options.cluster)
 *   options.assetTiles URL template of vector tiles of assets, for maps with too many for GeoJSON
 *   options.useColours {use_category: colour}, options.assetColour
 *   options.linkTarget target of the links in popups ("_blank" in an embedded map)
 * Popups are built from text nodes: property values are never parsed as HTML.
 */
(function () {
  "use strict";

  var PROJECT_PANE = "registry-projects";

  function popup(properties, lines, options) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = document.createElement("a");
    title.href = properties.url;
    title.textContent = properties.title || properties.reference || labels(options).details || "";
    if (options.linkTarget) {
      title.target = options.linkTarget;
      title.rel = "noopener";
    }
    var heading = document.createElement("strong");
    heading.appendChild(title);
    box.appendChild(heading);
    lines.forEach(function (line) {
      if (!line) { return; }
      var p = document.createElement("div");
      p.textContent = line;
      box.appendChild(p);
    });
    return box;
  }

  // Words in the reader's language, from the page (options.labels); the value itself if missing.
  function labels(options) {
    return options.labels || {};
  }

  function label(value, names) {
    if (!value) { return ""; }
    return (names && names[value]) || String(value).replace(/_/g, " ");
  }

  function loadGeoJson(url) {
    return fetch(url, { headers: { Accept: "application/geo+json" } }).then(function (response) {
      if (!response.ok) { throw new Error(url + ": HTTP " + response.status); }
      return response.json();
    });
  }

  function projectLayer(collection, options) {
    return L.geoJSON(collection, {
      pointToLayer: function (feature, latlng) {
        var colour = options.useColours[feature.properties.use_category] || "#333";
        return L.circleMarker(latlng, {
          radius: 8, color: "#fff", weight: 2, fillColor: colour, fillOpacity: 0.95,
          className: "project-marker", pane: PROJECT_PANE,
        });
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        var words = labels(options);
        layer.bindPopup(popup(p, [
          label(p.use_category, words.use), p.organisation, label(p.status, words.projectStatus),
        ], options));
      },
    });
  }

  function assetMarker(feature, latlng, options) {
    return L.circleMarker(latlng, {
      radius: 5, color: options.assetColour, weight: 1, fillColor: "#fff", fillOpacity: 0.9,
      className: "asset-marker",
    });
  }

  function assetPopup(feature, layer, options) {
    var p = feature.properties;
    layer.bindPopup(popup(p, [p.reference, p.address, label(p.status, labels(options).status)], options));
  }

  function assetLayer(collection, options) {
    var layer = L.geoJSON(collection, {
      pointToLayer: function (feature, latlng) { return assetMarker(feature, latlng, options); },
      onEachFeature: function (feature, marker) { assetPopup(feature, marker, options); },
    });
    if (!options.cluster) { return layer; }
    var clusters = L.markerClusterGroup({ showCoverageOnHover: false, chunkedLoading: true });
    clusters.addLayer(layer);
    return clusters;
  }

  function assetTileLayer(map, options) {
    var layer = L.vectorGrid.protobuf(options.assetTiles, {
      interactive: true,
      maxNativeZoom: 16,
      rendererFactory: L.canvas.tile,
      vectorTileLayerStyles: {
        assets: function (properties) {
          var count = properties.count || 1;
          return {
            radius: count > 1 ? Math.min(18, 4 + Math.log(count) * 2.5) : 4,
            fill: true, fillColor: options.assetColour, fillOpacity: count > 1 ? 0.55 : 0.85,
            color: "#fff", weight: 1,
          };
        },
      },
    });
    layer.on("click", function (event) {
      var p = event.layer.properties;
      if (p.url) {
        L.popup().setLatLng(event.latlng).setContent(popup(p, [p.reference, label(p.status, labels(options).status)], options)).openOn(map);
      } else {
        map.setView(event.latlng, Math.min(map.getZoom() + 3, 16));
      }
    });
    return layer;
  }

  function addLayers(map, options) {
    var ready = [];
    // Projects are drawn above assets (they sit on them): a click on one opens the project.
    map.createPane(PROJECT_PANE).style.zIndex = 450;
    if (options.assetTiles) {
      assetTileLayer(map, options).addTo(map);
    }
    if (options.assets) {
      ready.push(loadGeoJson(options.assets).then(function (collection) {
        assetLayer(collection, options).addTo(map);
      }));
    }
    if (options.projects) {
      ready.push(loadGeoJson(options.projects).then(function (collection) {
        projectLayer(collection, options).addTo(map);
      }));
    }
    Promise.all(ready).then(function () {
      map.getContainer().setAttribute("data-layers-loaded", "true");
    }, function (error) {
      map.getContainer().setAttribute("data-layers-error", String(error));
    });
  }

  // Markers whose text arrived as JSON (common/mapping.py TextMarkers): each line of the popup is
  // a text node, or a link whose label is a text node.
  function textPopup(lines) {
    var box = document.createElement("div");
    box.className = "map-popup";
    lines.forEach(function (line, index) {
      var row = document.createElement(index === 0 ? "strong" : "div");
      var text = row;
      if (line.url) {
        text = document.createElement("a");
        text.href = line.url;
        row.appendChild(text);
      }
      text.textContent = line.text;
      box.appendChild(row);
      if (index === 0) { box.appendChild(document.createElement("br")); }
    });
    return box;
  }

  function addMarkers(map, dataElementId) {
    var markers = JSON.parse(document.getElementById(dataElementId).textContent);
    markers.forEach(function (marker) {
      var circle = L.circleMarker([marker.lat, marker.lon], marker.style).addTo(map);
      if (marker.popup && marker.popup.length) { circle.bindPopup(textPopup(marker.popup)); }
      if (marker.tooltip) { circle.bindTooltip(document.createTextNode(marker.tooltip)); }
    });
  }

  window.RegistryMaps = { addLayers: addLayers, addMarkers: addMarkers };
})();
