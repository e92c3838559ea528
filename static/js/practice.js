// Progressive enhancement for the practice page: Space shows the answer,
// 1–4 press the grade buttons, b presses the bookmark button. Without
// JavaScript the same <details> and forms work by mouse or Tab.
(function () {
  "use strict";
  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var card = document.querySelector("[data-practice]");
    if (!card) return;
    var reveal = card.querySelector("[data-reveal]");
    if (event.key === " " && reveal && !reveal.open) {
      event.preventDefault();
      reveal.open = true;
      var first = reveal.querySelector("button[data-key]");
      if (first) first.focus();
    } else if (/^[1-4]$/.test(event.key) && reveal && reveal.open) {
      var button = reveal.querySelector('button[data-key="' + event.key + '"]');
      if (button) { event.preventDefault(); button.click(); }
    } else if (event.key === "b") {
      var bookmark = card.querySelector("button[data-bookmark]");
      if (bookmark) { event.preventDefault(); bookmark.click(); }
    }
  });
})();
