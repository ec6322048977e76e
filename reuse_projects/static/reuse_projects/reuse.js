// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // Ask before irreversible or regrettable actions (withdrawing, revoking).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (!message) return;
    var onlyFor = form.getAttribute("data-confirm-value");
    if (onlyFor && (!form.elements.status || form.elements.status.value !== onlyFor)) return;
    if (!window.confirm(message)) event.preventDefault();
  });
  // On the decision page, the concession fields matter only when someone is accepted.
  document.querySelectorAll(".decision-form").forEach(function (form) {
    var radios = form.querySelectorAll("input[type=radio][name$='-accepted']");
    var concession = ["title", "deed_number", "deed_date", "concession_object", "starts_on", "ends_on", "reporting_interval_months"];
    function update() {
      var chosen = form.querySelector("input[type=radio][name$='-accepted']:checked");
      var nobody = !chosen || chosen.value === "";
      concession.forEach(function (name) {
        var input = form.querySelector("[name$='-" + name + "']");
        if (input) input.closest(".field").hidden = nobody;
      });
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  });
})();
