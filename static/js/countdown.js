// Progressive enhancement: a countdown to the question's deadline. The
// server keeps the real times; this only shows them.
(function () {
  "use strict";
  var clock = document.querySelector(".countdown[data-deadline]");
  if (!clock) return;
  var deadline = Number(clock.getAttribute("data-deadline")) * 1000;
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    var sign = left < 0 ? "−" : "";
    var s = Math.abs(left);
    clock.textContent = sign + Math.floor(s / 60) + ":" + pad(s % 60);
    clock.classList.toggle("countdown-over", left < 0);
  }
  tick();
  setInterval(tick, 1000);
})();
