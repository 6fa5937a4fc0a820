// The workbench's totals are folded on a phone (the page comes without "open", so a
// phone without JavaScript sees them folded too) and open beside the catalogue on a
// wide screen. The panel stays as the member left it when htmx swaps its content.
(function () {
  var panel = document.getElementById("workbench-totals");
  if (!panel) return;
  var wide = window.matchMedia("(min-width: 60rem)");
  function follow() {
    if (wide.matches) panel.open = true;
  }
  follow();
  if (wide.addEventListener) wide.addEventListener("change", follow);
})();

// A write from the workbench answers only what it changed (its figures, entry and row):
// before that is put in, the marks of the answer before go (its confirmation, the
// figures marked "changed", an amount refused in another row).
(function () {
  if (!document.getElementById("workbench-totals")) return;
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "wb-figures" || !event.detail.shouldSwap) return;
    document.querySelectorAll("#workbench-side .confirmation, #workbench-list .confirmation").forEach(function (e) {
      e.remove();
    });
    document.querySelectorAll("#workbench-side .changed, #workbench-list .changed").forEach(function (e) {
      e.classList.remove("changed");
    });
    document.querySelectorAll("#workbench-list [id^='wb-amount-errors-']").forEach(function (e) {
      e.remove();
    });
    document.querySelectorAll("#workbench-list [aria-invalid]").forEach(function (e) {
      e.removeAttribute("aria-invalid");
      e.removeAttribute("aria-describedby");
    });
  });
})();
