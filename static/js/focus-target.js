// After a save, the page opens at the changed row (#indsats-…): put the keyboard's
// focus there too, not only the scroll, so the next Tab continues from that row.
(function () {
  var id = decodeURIComponent(window.location.hash.slice(1));
  var target = id && document.getElementById(id);
  if (!target) return;
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
})();
