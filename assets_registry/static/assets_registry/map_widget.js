/* Starts Django's OpenLayers MapWidget for every map field on the page, from the options the
 * widget wrote as JSON (assets_registry/widgets.py): no inline script, so the admin keeps a strict
 * Content-Security-Policy. The base map is the configured tile URL, or none. */
(function () {
  "use strict";
  function start() {
    document.querySelectorAll("script[id$='_map_options']").forEach(function (element) {
      var options = JSON.parse(element.textContent);
      options.base_layer = options.tile_url
        ? new ol.layer.Tile({
            source: new ol.source.XYZ({
              url: options.tile_url, attributions: options.tile_attribution, maxZoom: 19,
            }),
          })
        : new ol.layer.Tile();
      window[options.module] = new MapWidget(options);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
