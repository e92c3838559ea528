// Progressive enhancement: while the language model's check is queued,
// reload the page (the page has a Reload link too) after 1 s, then 2 s, then
// every 3 s: a quick model's verdict shows at once, and a slow one costs no
// more requests than a reload every 3 s did. The count of reloads lives in
// sessionStorage, per page, and is forgotten once the verdict is there. The
// server stops saying "pending" once the check's budget is long past.
(function () {
  "use strict";
  var key = "qbank-model-check-reloads:" + window.location.pathname;
  var storage;
  try { storage = window.sessionStorage; } catch (blocked) { storage = null; }
  if (!document.querySelector("[data-model-check-pending]")) {
    if (storage) storage.removeItem(key);
    return;
  }
  var reloads = storage ? parseInt(storage.getItem(key), 10) || 0 : 2;
  if (storage) storage.setItem(key, String(reloads + 1));
  setTimeout(function () { window.location.reload(); }, Math.min(reloads + 1, 3) * 1000);
})();
