/* The map of a public page: the overview of every publishing city, or a city's map.
 *
 * The page carries no script of its own: its configuration is a JSON script element
 * (#page-map-config, made by Django's json_script, see maps/views.py _map_config):
 *   tileUrl, attribution  the base map (none when tileUrl is empty)
 *   bounds                [xmin, ymin, xmax, ymax] to fit the map to
 *   boundary              a GeoJSON geometry drawn as the city's outline (city page)
 *   cities, cityUrl       URL of the cached GeoJSON layer of publishing cities, drawn on one
 *                         canvas so that thousands stay light; city page URL with SLUG (overview)
 *   words                 the popups' sentences in the reader's language (overview)
 *   layers                options of RegistryMaps.addLayers (maps.js)
 * Popups are built from text nodes. When the cities are drawn, the map gets
 * data-cities-drawn="<number>".
 */
(function () {
  "use strict";

  var CITY_COLOUR = "#0b6e4f";

  function cityPopup(properties, config) {
    var box = document.createElement("div");
    box.className = "map-popup city-popup";
    var heading = document.createElement("strong");
    var link = document.createElement("a");
    link.href = config.cityUrl.replace("SLUG", encodeURIComponent(properties.slug));
    link.textContent = properties.name;
    heading.appendChild(link);
    box.appendChild(heading);
    var figures = document.createElement("div");
    // The sentence in the reader's language (config.words, from the view), numbers put in.
    var words = (config.words && config.words.cityFigures) || "{assets} assets, {projects} projects";
    figures.textContent = words
      .replace("{assets}", String(properties.assets))
      .replace("{projects}", String(properties.projects));
    box.appendChild(figures);
    return box;
  }

  function cityRadius(properties) {
    return properties.assets > 0 ? Math.min(14, 5 + Math.log(properties.assets) * 1.5) : 3;
  }

  function drawCities(map, config, container) {
    var renderer = L.canvas({ padding: 0.3 });
    return fetch(config.cities, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(config.cities + ": HTTP " + response.status); }
        return response.json();
      })
      .then(function (collection) {
        var layer = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, {
              renderer: renderer, radius: cityRadius(feature.properties), color: CITY_COLOUR,
              weight: 1.5, dashArray: "4 3", fill: true, fillColor: CITY_COLOUR, fillOpacity: 0.08,
            });
          },
          onEachFeature: function (feature, marker) {
            // Built when opened: no popup object per city until someone clicks it.
            marker.bindPopup(function () { return cityPopup(feature.properties, config); });
          },
        });
        layer.addTo(map);
        container.setAttribute("data-cities-drawn", String(collection.features.length));
      })
      .catch(function (error) {
        container.setAttribute("data-cities-error", String(error));
      });
  }

  function start() {
    var config = JSON.parse(document.getElementById("page-map-config").textContent);
    var container = document.getElementById("page-map");
    var map = L.map(container, { minZoom: 2, maxZoom: 19, scrollWheelZoom: true });
    L.control.scale().addTo(map);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    }
    var b = config.bounds;
    if (b && b[0] !== b[2] && b[1] !== b[3]) {
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { padding: [16, 16] });
    } else if (b) {
      map.setView([b[1], b[0]], 11);
    } else {
      map.setView([45.0, 10.0], 4);
    }
    if (config.boundary) {
      L.geoJSON(config.boundary, {
        interactive: false,
        style: { color: CITY_COLOUR, weight: 2, fillOpacity: 0.04, className: "city-boundary" },
      }).addTo(map);
    }
    if (config.cities) {
      drawCities(map, config, container);
    }
    RegistryMaps.addLayers(map, config.layers);
  }

  start();
})();
