// Community drafts: the text of a form marked data-draft="<key>" is kept in this browser's
// localStorage while it is typed, put back after a reload, and forgotten when the form is sent.
// No framework and nothing inline: the page's CSP allows this file by its nonce.
(function () {
  "use strict";
  var PREFIX = "kizuna:community-draft:";
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem(PREFIX + "probe", "1");
    storage.removeItem(PREFIX + "probe");
  } catch (error) {
    return; // Storage refused (private mode, settings): the form works as before.
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && (element.tagName === "TEXTAREA" || element.tagName === "SELECT" || (element.tagName === "INPUT" && element.type === "text"));
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), function (form) {
    var key = PREFIX + form.getAttribute("data-draft");
    var saved = null;
    try {
      saved = JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      saved = null;
    }
    var fields = fieldsOf(form);
    // Put the draft back only into empty fields: what the page itself filled in (a refused post) wins.
    var untouched = fields.every(function (field) {
      return field.tagName === "SELECT" || !field.value;
    });
    if (saved && typeof saved === "object" && untouched) {
      fields.forEach(function (field) {
        var value = saved[field.name];
        if (typeof value === "string" && value && (field.tagName !== "SELECT" || !field.value)) field.value = value;
      });
    }
    var timer = null;
    function save() {
      timer = null;
      var values = {};
      var any = false;
      fields.forEach(function (field) {
        values[field.name] = field.value;
        if (field.tagName !== "SELECT" && field.value.trim()) any = true;
      });
      try {
        if (any) storage.setItem(key, JSON.stringify(values));
        else storage.removeItem(key);
      } catch (error) {
        // Full or refused: the draft is simply not kept.
      }
    }
    form.addEventListener("input", function () {
      if (timer === null) timer = window.setTimeout(save, 300);
    });
    form.addEventListener("change", save);
    form.addEventListener("submit", function (event) {
      // The preview step keeps the draft (the author is not done); publishing or replying forgets it.
      var submitter = event.submitter;
      if (submitter && submitter.name === "intent" && submitter.value === "preview") {
        save();
        return;
      }
      if (timer !== null) window.clearTimeout(timer);
      storage.removeItem(key);
    });
  });
})();
