// Progressive enhancement of solutions by language (questions/solutions/html.py):
// without JavaScript every solution shows, one under another, each under its
// language's heading. Here the sections become tabs, and the language a reader
// picks is kept in localStorage and chosen first on every question that has it.
(function () {
  "use strict";
  var KEY = "qbank.solutionLanguage";
  var made = 0;

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function remember(language) {
    try { window.localStorage.setItem(KEY, language); } catch (e) { /* private mode: this page only */ }
  }

  function enhance(box) {
    if (box.dataset.solutionsSeen) return;
    box.dataset.solutionsSeen = "1";
    var panels = Array.prototype.filter.call(box.children, function (child) {
      return child.classList.contains("solution");
    });
    if (panels.length < 2) return;
    // Named by the reveal's summary on the question page, by the heading
    // above them on the practice card.
    var reveal = box.closest(".reveal-solutions");
    var named = reveal ? reveal.querySelector("summary") : box.parentElement && box.parentElement.previousElementSibling;
    var list = document.createElement("div");
    list.className = "solution-tabs";
    list.setAttribute("role", "tablist");
    if (named && (reveal || /^H[2-4]$/.test(named.tagName))) list.setAttribute("aria-label", named.textContent.trim());
    made += 1;
    var tabs = panels.map(function (panel, index) {
      var heading = panel.querySelector(".solution-language");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.className = "solution-tab";
      tab.id = "solution-tab-" + made + "-" + index;
      tab.setAttribute("role", "tab");
      tab.dataset.language = panel.dataset.language;
      tab.textContent = heading ? heading.textContent : panel.dataset.language;
      panel.id = "solution-panel-" + made + "-" + index;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      tab.setAttribute("aria-controls", panel.id);
      if (heading) heading.hidden = true;
      list.appendChild(tab);
      return tab;
    });

    function select(language, focus) {
      tabs.forEach(function (tab, index) {
        var chosen = tab.dataset.language === language;
        tab.setAttribute("aria-selected", chosen ? "true" : "false");
        tab.tabIndex = chosen ? 0 : -1;
        panels[index].hidden = !chosen;
        if (chosen && focus) tab.focus();
      });
    }

    list.addEventListener("click", function (event) {
      var tab = event.target.closest(".solution-tab");
      if (!tab) return;
      select(tab.dataset.language, false);
      remember(tab.dataset.language);
    });
    list.addEventListener("keydown", function (event) {
      var at = tabs.indexOf(document.activeElement);
      if (at < 0) return;
      var to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      var tab = tabs[(to + tabs.length) % tabs.length];
      select(tab.dataset.language, true);
      remember(tab.dataset.language);
    });

    box.insertBefore(list, panels[0]);
    box.classList.add("solutions-tabbed");
    var wanted = remembered();
    var known = tabs.some(function (tab) { return tab.dataset.language === wanted; });
    select(known ? wanted : tabs[0].dataset.language, false);
  }

  function enhanceAll() {
    document.querySelectorAll("[data-solutions]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceAll();
    // The admin's live preview replaces its HTML as the editor types.
    if (window.MutationObserver && document.querySelector(".markdownx")) {
      new MutationObserver(enhanceAll).observe(document.body, { childList: true, subtree: true });
    }
  });
})();
