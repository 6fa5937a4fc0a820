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
