// Progressive enhancement: while the language model's check is queued,
// reload the page every few seconds (the page has a Reload link too). The
// server stops saying "pending" once the check's budget is long past.
(function () {
  "use strict";
  if (!document.querySelector("[data-model-check-pending]")) return;
  setTimeout(function () { window.location.reload(); }, 3000);
})();
