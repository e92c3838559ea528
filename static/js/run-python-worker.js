// Runs Python for static/js/run-python.js in Pyodide (vendored, served from
// this site), off the page's thread: an endless loop blocks only this worker,
// which the page terminates after its time limit. Messages in: {type: "load",
// pyodideUrl, indexURL}, then {type: "run", code, maxLines, maxChars}. Out:
// "ready" or "load-failed"; per run "stdout"/"stderr" lines, then exactly one
// of "done", "error" (the traceback) or "missing" (modules the browser cannot
// import); or "truncated" once the output reaches maxLines or maxChars, after
// which nothing more is sent and the page terminates this worker.
// This worker runs under its own policy (qbank/static_files.py): it can load
// and fetch the Pyodide directory and nothing else of the site.
let pyodide = null;
const output = { lines: 0, chars: 0, maxLines: 0, maxChars: 0, full: false };

function send(type, text) {
  if (output.full) return;
  const kept = text.slice(0, output.maxChars - output.chars);
  output.lines += 1;
  output.chars += kept.length + 1;
  self.postMessage({ type, text: kept });
  if (output.lines >= output.maxLines || output.chars >= output.maxChars) {
    output.full = true;
    self.postMessage({ type: "truncated" });
  }
}

// Imports checked before running: Pyodide would otherwise fail with a hint
// about installing from its CDN, which this site never uses.
const CHECK_IMPORTS = `
def _qbank_missing_imports(code):
    import importlib.util, sys
    from pyodide.code import find_imports
    try:
        names = find_imports(code)
    except SyntaxError:
        return []  # running it shows the error and its line
    return [name for name in names if name not in sys.modules and importlib.util.find_spec(name) is None]
`;

async function load(message) {
  try {
    const { loadPyodide } = await import(message.pyodideUrl);
    pyodide = await loadPyodide({ indexURL: message.indexURL });
    pyodide.setStdout({ batched: (text) => send("stdout", text) });
    pyodide.setStderr({ batched: (text) => send("stderr", text) });
    pyodide.runPython(CHECK_IMPORTS);
    self.postMessage({ type: "ready" });
  } catch (error) {
    self.postMessage({ type: "load-failed", text: String(error && error.message ? error.message : error) });
  }
}

// The traceback without Pyodide's own frames (the reader's code is "<exec>").
function readerTraceback(text) {
  const kept = [];
  let skipping = false;
  for (const line of text.split("\n")) {
    if (/^  File ".*\/_pyodide\//.test(line)) skipping = true;
    else if (!line.startsWith("    ")) skipping = false;
    if (!skipping) kept.push(line);
  }
  return kept.join("\n");
}

async function run(message) {
  const code = message.code;
  Object.assign(output, { lines: 0, chars: 0, maxLines: message.maxLines, maxChars: message.maxChars, full: false });
  const check = pyodide.globals.get("_qbank_missing_imports");
  const found = check(code);
  const missing = found.toJs();
  found.destroy();
  check.destroy();
  if (missing.length) {
    self.postMessage({ type: "missing", modules: missing });
    return;
  }
  const namespace = pyodide.toPy({ __name__: "__main__" });
  try {
    await pyodide.runPythonAsync(code, { globals: namespace });
    self.postMessage({ type: "done" });
  } catch (error) {
    self.postMessage({ type: "error", text: readerTraceback(String(error && error.message ? error.message : error)) });
  } finally {
    namespace.destroy();
  }
}

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message.type === "load") load(message);
  else if (message.type === "run") run(message);
});
