/*
 * Similar topics while a title is typed on the new-topic form: a progressive enhancement (the
 * form's preview step lists them without JavaScript). The page marks a container
 * `[data-similar-for="<id of the title input>"]` (hidden while empty); this script asks
 * `/community/similar?title=` after a pause in typing and lists the answers as links, written as
 * text (never HTML). No inline code, so it runs under the page's strict CSP.
 */
(function () {
  "use strict";
  var containers = document.querySelectorAll("[data-similar-for]");
  Array.prototype.forEach.call(containers, function (box) {
    var input = document.getElementById(box.getAttribute("data-similar-for"));
    var list = box.querySelector("ul");
    if (!input || !list || typeof fetch !== "function") return;
    var timer = 0;
    var asked = "";
    var controller = null;

    function show(topics) {
      while (list.firstChild) list.removeChild(list.firstChild);
      topics.forEach(function (topic) {
        if (typeof topic.url !== "string" || topic.url.indexOf("/community/t/") !== 0) return;
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = topic.url;
        link.textContent = String(topic.title);
        link.target = "_blank";
        link.rel = "noopener";
        item.appendChild(link);
        list.appendChild(item);
      });
      box.hidden = list.childNodes.length === 0;
    }

    function ask() {
      var title = input.value.trim();
      if (title === asked) return;
      asked = title;
      if (title.length < 2) return show([]);
      if (controller) controller.abort();
      controller = typeof AbortController === "function" ? new AbortController() : null;
      fetch("/community/similar?title=" + encodeURIComponent(title), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok && /json/.test(response.headers.get("Content-Type") || "") ? response.json() : { topics: [] };
        })
        .then(function (body) {
          if (input.value.trim() === title) show(Array.isArray(body.topics) ? body.topics : []);
        })
        .catch(function () {
          /* Offline or aborted: keep what is shown. */
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 300);
    });
    ask();
  });
})();
