// The admin's Markdown editor: a live preview and image uploads for every
// `.markdownx` field (the widget's markup; django-markdownx's own script is
// not loaded). Without JavaScript the textarea is all there is, and saving
// still renders and checks the Markdown.
//
// The preview is gentle with the server: it waits until typing pauses
// (DEBOUNCE_MS), drops a preview whose text has changed since it was sent
// (never shown; the newest text is sent when it returns), sends one at a
// time for the whole page (the server allows one in flight per editor and
// answers 429 to another), and after a 429 waits as long as Retry-After
// says before trying again. A stale request is not aborted: the server
// would go on rendering it, holding the editor's slot, and the next preview
// would meet a 429.
(function () {
  "use strict";
  if (!window.fetch) return;
  var DEBOUNCE_MS = 600;

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  var queue = [];       // editors waiting for a preview, oldest first
  var inFlight = null;  // the editor whose preview is on its way, or null
  var resumeAt = 0;     // no request before this time (after a 429)

  function schedule(editor) {
    clearTimeout(editor.qbankTimer);
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
    var sent = editor.value;
    inFlight = editor;
    var body = new URLSearchParams({ content: sent });
    fetch(editor.getAttribute("data-markdownx-urls-path"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest" },
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
        // A text changed meanwhile is not shown: its newer text follows.
        if (html !== null && editor.value === sent) editor.qbankPreview.innerHTML = html;
      })
      .catch(function () { /* offline: the next change tries again */ })
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
