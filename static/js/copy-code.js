// Progressive enhancement: a "copy" button on each highlighted code block.
// Without JavaScript (or without the Clipboard API) the code is still there
// to select by hand.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var lang = (document.documentElement.lang || "").toLowerCase();
  var labels = lang.indexOf("zh") === 0 ? { copy: "复制", done: "已复制" } : { copy: "Copy", done: "Copied" };

  function addButtons(root) {
    root.querySelectorAll(".highlight").forEach(function (block) {
      if (block.querySelector(".copy-code")) return;
      var code = block.querySelector("pre");
      if (!code) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = labels.copy;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(code.innerText).then(function () {
          button.textContent = labels.done;
          setTimeout(function () { button.textContent = labels.copy; }, 1500);
        });
      });
      block.appendChild(button);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { addButtons(document); });
})();
