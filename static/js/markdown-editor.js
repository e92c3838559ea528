// The admin's Markdown editor: a live preview and image uploads for every
// `.markdownx` field (the widget's markup; django-markdownx's own script is
// not loaded). Without JavaScript the textarea is all there is, and saving
// still renders and checks the Markdown.
//
// The preview is gentle with the server: it waits until typing pauses
// (DEBOUNCE_MS), cancels a preview still in flight when the text changes
// again (AbortController), sends one at a time for the whole page (the
// server allows one in flight per editor and answers 429 to another), and
// after a 429 waits as long as Retry-After says before trying again.
(function () {
  "use strict";
  if (!window.fetch || !window.AbortController) return;
  var DEBOUNCE_MS = 600;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  var queue = [];       // editors waiting for a preview, oldest first
  var inFlight = null;  // { editor, controller } or null
  var resumeAt = 0;     // no request before this time (after a 429)

  function schedule(editor) {
    clearTimeout(editor.qbankTimer);
    if (inFlight && inFlight.editor === editor) inFlight.controller.abort();
    editor.qbankTimer = setTimeout(function () {
      if (queue.indexOf(editor) < 0) queue.push(editor);
      pump();
    }, DEBOUNCE_MS);
  }

  function pump() {
    if (inFlight || !queue.length) return;
    var wait = resumeAt - Date.now();
    if (wait > 0) {
      setTimeout(pump, wait);
      return;
    }
    var editor = queue.shift();
    var controller = new AbortController();
    inFlight = { editor: editor, controller: controller };
    var body = new URLSearchParams({ content: editor.value });
    fetch(editor.getAttribute("data-markdownx-urls-path"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
      signal: controller.signal,
    })
      .then(function (response) {
        if (response.status === 429) {
          var seconds = parseInt(response.headers.get("Retry-After"), 10) || 2;
          resumeAt = Date.now() + seconds * 1000;
          if (queue.indexOf(editor) < 0) queue.unshift(editor);
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        // The server's HTML: sanitized by the same renderer as every page.
        if (html !== null) editor.qbankPreview.innerHTML = html;
      })
      .catch(function () { /* aborted (a newer text follows) or offline */ })
      .then(function () {
        inFlight = null;
        pump();
      });
  }

  function upload(editor, file) {
    var form = new FormData();
    form.append("image", file);
    fetch(editor.getAttribute("data-markdownx-upload-urls-path"), {
      method: "POST",
      body: form,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (!answer.image_code) {
          editor.qbankPreview.textContent = Object.values(answer).join(" ");
          return;
        }
        var start = editor.selectionStart;
        editor.setRangeText(answer.image_code, start, editor.selectionEnd, "end");
        schedule(editor);
      })
      .catch(function () { /* not JSON (a 403 page, say) or offline: nothing inserted */ });
  }

  function uploadFiles(editor, event, files) {
    if (!files || !files.length) return;
    event.preventDefault();
    Array.prototype.forEach.call(files, function (file) { upload(editor, file); });
  }

  function enhance(field) {
    var editor = field.querySelector(".markdownx-editor");
    var preview = field.querySelector(".markdownx-preview");
    if (!editor || !preview || editor.qbankPreview) return;
    editor.qbankPreview = preview;
    editor.addEventListener("input", function () { schedule(editor); });
    editor.addEventListener("paste", function (event) {
      uploadFiles(editor, event, event.clipboardData && event.clipboardData.files);
    });
    editor.addEventListener("dragover", function (event) { event.preventDefault(); });
    editor.addEventListener("drop", function (event) {
      uploadFiles(editor, event, event.dataTransfer && event.dataTransfer.files);
    });
    queue.push(editor);  // the stored text's preview, one field after another
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdownx").forEach(enhance);
    pump();
  });
})();
