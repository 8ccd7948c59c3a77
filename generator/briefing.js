// Progressive enhancement for briefing pages. Everything works without it: the timeline has a
// page per action type; this adds a live filter by actor, type or any word (accents ignored).
// Under Material's instant navigation (`navigation.instant`) pages change in place: what is set
// up on a page is set up again on each new one, and never twice on the same.
(function () {
  "use strict";
  if (window.briefingScript) { return; }  // the script loaded twice on one page: once is enough
  window.briefingScript = true;
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function setup(box) {
    if (box.hasAttribute("data-briefing-ready")) { return; }
    box.setAttribute("data-briefing-ready", "");
    var content = box.closest("article") || box.parentElement;
    var items = Array.prototype.slice.call(content.querySelectorAll("li"));
    var label = document.createElement("label");
    label.textContent = "Filter entries by actor, type or word: ";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "briefing-filter-input";
    input.setAttribute("aria-describedby", "briefing-filter-count");
    var count = document.createElement("span");
    count.id = "briefing-filter-count";
    count.setAttribute("aria-live", "polite");
    label.appendChild(input);
    box.appendChild(label);
    box.appendChild(count);
    box.hidden = false;
    input.addEventListener("input", function () {
      var query = fold(input.value.trim());
      var shown = 0;
      items.forEach(function (li) {
        var match = !query || fold(li.textContent).indexOf(query) !== -1;
        li.hidden = !match;
        if (match) { shown += 1; }
      });
      // Hide month and year headings left with no visible entry.
      content.querySelectorAll("h2, h3").forEach(function (heading) {
        var level = heading.tagName;
        var node = heading.nextElementSibling;
        var any = false;
        while (node && !(node.tagName === "H2" || (level === "H3" && node.tagName === "H3"))) {
          if (node.tagName === "UL" && node.querySelector("li:not([hidden])")) { any = true; }
          node = node.nextElementSibling;
        }
        heading.hidden = !any && !!query;
      });
      count.textContent = query ? shown + " of " + items.length + " entries" : "";
    });
  }
  // With Pagefind (the plugin's `pagefind: true`) "/" opens the search dialog, as it opens the
  // theme's own search box otherwise; where the dialog is missing (its script did not load, or
  // a hand-written page left it out) it leads to the search page instead. The page's marks are
  // read at each key press, as the page may have changed in place.
  function searchShortcut() {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
      var meta = document.querySelector('meta[name="briefing-search"]');
      var dialog = document.querySelector("pagefind-modal");
      if ((!meta && !dialog) || document.getElementById("briefing-search")) { return; }
      if (dialog && typeof dialog.open === "function") {
        event.preventDefault();
        dialog.open();
      } else if (meta) {
        event.preventDefault();
        window.location.href = new URL(meta.getAttribute("content"), window.location.href).href;
      }
    });
  }
  // The dialog's "All results" link carries the query typed so far to the search page (`?q=`).
  // The dialog stays when pages change in place: its link is made absolute on the first page.
  function allResultsLink() {
    var link = document.querySelector("pagefind-modal .briefing-search-all");
    if (!link || link.hasAttribute("data-briefing-page")) { return; }
    link.setAttribute("data-briefing-page", link.href);
    link.setAttribute("href", link.href);
  }
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || !target.closest || !target.closest("pagefind-modal") || target.tagName !== "INPUT") { return; }
    var link = document.querySelector("pagefind-modal .briefing-search-all[data-briefing-page]");
    if (!link) { return; }
    var page = link.getAttribute("data-briefing-page");
    var query = target.value.trim();
    link.setAttribute("href", query ? page + "?q=" + encodeURIComponent(query) : page);
  });
  // The search page's box (`pagefind: true`), drawn by Pagefind's UI with the options the box
  // carries: here, on the page's first load (its UI script is on the page) and when Material's
  // instant navigation brings the page in, which runs no script outside the content. Then the
  // UI script is loaded from the folder the box names (relative to the page; the plugin adds
  // it), and the UI's style sheet put back, as instant navigation drops from the head what it
  // does not know (the browser has it cached). Without a folder, or if the script fails to
  // load, the page is loaded in full; a first load never loads again.
  function searchPage(first) {
    var box = document.getElementById("briefing-search");
    if (!box || box.firstElementChild || box.hasAttribute("data-briefing-drawing")) { return; }
    function draw() {
      if (document.getElementById("briefing-search") !== box) { return; }  // the reader moved on
      box.setAttribute("data-briefing-drawing", "");
      var ui = new window.PagefindUI(JSON.parse(box.getAttribute("data-briefing-ui") || "{}"));
      // `?q=`: the query the search dialog's "All results" link carries here.
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) { ui.triggerSearch(query); }
    }
    if (first) {  // the page's own UI script, if it loaded
      if (typeof window.PagefindUI === "function") { draw(); }
      return;
    }
    var bundle = box.getAttribute("data-briefing-bundle");
    if (!bundle) { window.location.reload(); return; }
    box.setAttribute("data-briefing-drawing", "");
    var folder = new URL(bundle, window.location.href).href;
    var sheets = Array.prototype.slice.call(document.querySelectorAll('link[rel="stylesheet"]'));
    if (!sheets.some(function (sheet) { return sheet.href === folder + "pagefind-ui.css"; })) {
      var style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = folder + "pagefind-ui.css";
      document.head.appendChild(style);
    }
    if (typeof window.PagefindUI === "function") { draw(); return; }
    var script = document.createElement("script");
    script.src = folder + "pagefind-ui.js";
    script.onload = draw;
    script.onerror = function () { window.location.reload(); };
    document.head.appendChild(script);
  }
  function whenLoaded(then) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", then);
    } else {
      then();
    }
  }
  function init() {
    document.querySelectorAll(".briefing-filter").forEach(setup);
    allResultsLink();
  }
  searchShortcut();
  // Material's `document$` emits the first page and each page of an instant navigation; with
  // other themes every page is loaded, and set up once.
  // The first page's search box waits for the whole page: its UI script comes after this one.
  var pages = window.document$;
  if (pages && typeof pages.subscribe === "function") {
    var first = true;
    pages.subscribe(function () {
      if (first) {
        whenLoaded(function () { searchPage(true); });
      } else {
        searchPage(false);
      }
      first = false;
      init();
    });
  } else {
    whenLoaded(function () { init(); searchPage(true); });
  }
})();
