// Progressive enhancement: a countdown to the question's deadline, which
// submits what was typed when it reaches zero (data-submits names the form).
// The server keeps the real times and the limit: a late answer is recorded
// as timed out, and without this script the next page load moves on.
(function () {
  "use strict";
  var clock = document.querySelector(".countdown[data-deadline]");
  if (!clock) return;
  var deadline = Number(clock.getAttribute("data-deadline")) * 1000;
  var form = document.getElementById(clock.getAttribute("data-submits") || "");
  var submitted = false;
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    var sign = left < 0 ? "−" : "";
    var s = Math.abs(left);
    clock.textContent = sign + Math.floor(s / 60) + ":" + pad(s % 60);
    clock.classList.toggle("countdown-over", left < 0);
    if (left <= 0 && form && !submitted) {
      submitted = true;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
  }
  tick();
  setInterval(tick, 1000);
})();
