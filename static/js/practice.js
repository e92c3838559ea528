// Progressive enhancement for the practice page, as in Anki: Space shows
// the answer and puts the focus on Good, so a second Space (or Enter)
// grades Good; 1–4 press the grade buttons; u undoes the last grade; b
// presses the bookmark button. Focus never rests on Again. Without
// JavaScript the same <details> and forms work by mouse or Tab.
(function () {
  "use strict";
  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }
  function focusDefault(reveal) {
    var good = reveal.querySelector("button[data-default]");
    if (good) good.focus();
  }
  var card = document.querySelector("[data-practice]");
  var reveal = card && card.querySelector("[data-reveal]");
  // Opened by a click on "Show answer" too, not only by the keyboard.
  if (reveal) {
    reveal.addEventListener("toggle", function () {
      if (reveal.open) focusDefault(reveal);
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var onButton = event.target && (event.target.tagName === "BUTTON" || event.target.tagName === "A");
    if (event.key === "u") {
      var undo = document.querySelector("button[data-undo]");
      if (undo) { event.preventDefault(); undo.click(); }
      return;
    }
    if (!card) return;
    if (event.key === " " && reveal && !reveal.open) {
      event.preventDefault();
      reveal.open = true;
      focusDefault(reveal);
    } else if ((event.key === " " || event.key === "Enter") && reveal && reveal.open && !onButton) {
      // After the reveal Space and Enter mean Good wherever the focus is
      // (on a button they press that button, as they always do).
      var good = reveal.querySelector("button[data-default]");
      if (good) { event.preventDefault(); good.click(); }
    } else if (/^[1-4]$/.test(event.key) && reveal && reveal.open) {
      var button = reveal.querySelector('button[data-key="' + event.key + '"]');
      if (button) { event.preventDefault(); button.click(); }
    } else if (event.key === "b") {
      var bookmark = card.querySelector("button[data-bookmark]");
      if (bookmark) { event.preventDefault(); bookmark.click(); }
    }
  });
})();
