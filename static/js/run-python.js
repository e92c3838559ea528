// Progressive enhancement: a Run button on each Python code block, and an
// editable copy ("Try your change"). The page includes this script only where
// it offers Run (the server found a Python block); without JavaScript nothing
// is added and the code stays readable. Python runs in Pyodide inside a Web
// Worker (run-python-worker.js), loaded on the first press of Run, and is
// stopped after the page's time limit or once its output reaches the cap
// (OUTPUT_LINES lines or OUTPUT_CHARS characters, whichever comes first): the
// worker is terminated and the next run starts a new one. Nothing runs on the
// server.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.Worker) return;
  var data = script.dataset;
  var limitSeconds = Number(data.timeLimit) || 10;
  var pyodideUrl = new URL(data.pyodide, document.baseURI).href;
  var indexURL = pyodideUrl.slice(0, pyodideUrl.lastIndexOf("/") + 1);
  // Known not to exist in a browser: said at once, without loading Python.
  var GPU_MODULES = ["torch", "torchvision", "torchaudio", "tensorflow", "jax", "jaxlib", "cupy", "numba",
    "triton", "pycuda", "transformers", "accelerate", "deepspeed", "vllm", "flash_attn", "xformers",
    "bitsandbytes", "keras", "onnxruntime", "tensorrt"];
  // Enough for any honest exercise; an endless print() stops here at once.
  var OUTPUT_LINES = 2000;
  var OUTPUT_CHARS = 100000;
  var worker = null;
  var ready = null;
  var busy = false;
  var buttons = [];
  var panels = 0;

  function importedModules(code) {
    var names = [];
    var pattern = /^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([^#\n;]+))/gm;
    var match;
    while ((match = pattern.exec(code))) {
      if (match[1]) names.push(match[1]);
      else match[2].split(",").forEach(function (part) {
        var name = part.trim().split(/[\s.]/)[0];
        if (name) names.push(name);
      });
    }
    return names;
  }

  function message(template, modules) {
    return template.replace("{module}", modules.join(", ")).replace("{seconds}", String(limitSeconds));
  }

  function startWorker() {
    worker = new Worker(data.worker, { type: "module" });
    var current = worker;
    ready = new Promise(function (resolve, reject) {
      current.onmessage = function (event) {
        if (event.data.type === "ready") resolve();
        else if (event.data.type === "load-failed") reject(new Error(event.data.text));
      };
      current.onerror = function (event) {
        event.preventDefault();
        reject(new Error(event.message || "worker"));
      };
    });
    current.postMessage({ type: "load", pyodideUrl: pyodideUrl, indexURL: indexURL });
  }

  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
    ready = null;
  }

  function setBusy(value) {
    busy = value;
    buttons.forEach(function (button) { button.disabled = value; });
  }

  function execute(code, view) {
    return new Promise(function (resolve) {
      var current = worker;
      var lines = 0;
      var chars = 0;
      var settled = false;
      function finish(reply) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        current.onmessage = null;
        resolve(reply);
      }
      var timer = setTimeout(function () {
        stopWorker();
        finish({ kind: "timeout" });
      }, limitSeconds * 1000);
      current.onmessage = function (event) {
        var reply = event.data;
        if (settled || !reply) return;
        if (reply.type === "stdout" || reply.type === "stderr") {
          var text = String(reply.text).slice(0, OUTPUT_CHARS - chars) + "\n";
          view.write(text, reply.type);
          chars += text.length;
          lines += 1;
          if (lines >= OUTPUT_LINES || chars >= OUTPUT_CHARS) {
            stopWorker();
            finish({ kind: "truncated" });
          }
          return;
        }
        if (reply.type === "truncated") {
          stopWorker();
          finish({ kind: "truncated" });
          return;
        }
        finish(reply);
      };
      current.postMessage({ type: "run", code: code, maxLines: OUTPUT_LINES, maxChars: OUTPUT_CHARS });
    });
  }

  function run(code, view) {
    if (busy) return;
    view.clear();
    var gpu = importedModules(code).filter(function (name) { return GPU_MODULES.indexOf(name) !== -1; });
    if (gpu.length) {
      view.write(message(data.unavailableGpu, gpu), "error");
      view.done("");
      return;
    }
    setBusy(true);
    view.status(worker ? data.running : data.loading);
    if (!worker) startWorker();
    ready.then(function () {
      view.status(data.running);
      return execute(code, view);
    }).then(function (reply) {
      if (reply.kind === "timeout") view.write(message(data.timeout, []), "error");
      else if (reply.kind === "truncated") view.write(data.truncated.replace("{lines}", OUTPUT_LINES.toLocaleString()).replace("{chars}", OUTPUT_CHARS.toLocaleString()), "error");
      else if (reply.type === "missing") view.write(message(data.unavailable, reply.modules), "error");
      else if (reply.type === "error") view.write(reply.text, "error");
    }, function (error) {
      stopWorker();
      view.write(data.loadFailed + " (" + error.message + ")", "error");
    }).then(function () {
      view.done(data.finished);
      setBusy(false);
    });
  }

  function outputView(block) {
    var box = document.createElement("div");
    box.className = "run-output";
    box.hidden = true;
    var status = document.createElement("p");
    status.className = "run-status";
    status.setAttribute("role", "status");
    var pre = document.createElement("pre");
    pre.tabIndex = 0;
    pre.setAttribute("aria-label", data.output);
    box.appendChild(status);
    box.appendChild(pre);
    block.appendChild(box);
    return {
      clear: function () { pre.textContent = ""; box.hidden = false; box.classList.remove("run-failed"); },
      status: function (text) { status.textContent = text; },
      write: function (text, kind) {
        var span = document.createElement("span");
        span.className = "run-" + kind;
        span.textContent = text;
        pre.appendChild(span);
        if (kind === "error") box.classList.add("run-failed");
      },
      done: function (text) {
        if (!pre.textContent) pre.textContent = data.noOutput;
        status.textContent = text;
      },
    };
  }

  function button(label) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "run-code";
    element.textContent = label;
    buttons.push(element);
    return element;
  }

  function enhance(block) {
    var code = block.querySelector("pre");
    if (!code || block.parentElement.classList.contains("run-python")) return;
    var wrapper = document.createElement("div");
    wrapper.className = "run-python";
    block.parentNode.insertBefore(wrapper, block);
    wrapper.appendChild(block);

    var source = code.textContent.replace(/\n$/, "");
    var view = outputView(wrapper);
    var runOriginal = button(data.run);
    runOriginal.addEventListener("click", function () { run(source, view); });

    // A toggle, not a <details>: the block often sits in a reveal's <details> already.
    var panel = document.createElement("div");
    panel.className = "try-change";
    panel.hidden = true;
    panel.id = "try-change-" + (++panels);
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "try-change-toggle";
    toggle.textContent = data.tryChange;
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", panel.id);
    toggle.addEventListener("click", function () {
      panel.hidden = !panel.hidden;
      toggle.setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) editor.focus();
    });
    var label = document.createElement("label");
    label.textContent = data.editLabel;
    var editor = document.createElement("textarea");
    editor.value = source;
    editor.spellcheck = false;
    editor.rows = Math.min(20, source.split("\n").length + 1);
    label.appendChild(editor);
    var runEdited = button(data.runEdited);
    runEdited.addEventListener("click", function () { run(editor.value, view); });
    panel.appendChild(label);
    panel.appendChild(runEdited);

    var bar = document.createElement("div");
    bar.className = "run-bar";
    bar.appendChild(runOriginal);
    bar.appendChild(toggle);
    wrapper.insertBefore(bar, wrapper.querySelector(".run-output"));
    wrapper.insertBefore(panel, wrapper.querySelector(".run-output"));
  }

  function start() {
    document.querySelectorAll(
      '.highlight[data-lang="python"], .highlight[data-lang="py"], .highlight[data-lang="python3"]'
    ).forEach(enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
