// Draws the page's Mermaid diagrams (<pre class="mermaid-source"> inside a
// <figure class="diagram">, written by the server) with the vendored Mermaid.
// The page includes this module only when it has a diagram; without
// JavaScript the source stays readable. Mermaid runs with securityLevel
// "strict" (labels sanitized, no click handlers) and SVG text labels
// (htmlLabels false): no inline script, no eval (docs/security.md). A
// diagram's own `%%{init: …}%%` directive cannot change any of SECURE_KEYS:
// Mermaid's defaults plus everything that styles, labels or sanitizes
// (themeCSS would otherwise pass CSS into the page, dompurifyConfig would
// loosen the sanitizer).
const script = document.querySelector("script[data-mermaid]");
const sources = Array.from(document.querySelectorAll("figure.diagram > pre.mermaid-source"));
const darkScheme = window.matchMedia("(prefers-color-scheme: dark)");
let drawings = 0;
const SECURE_KEYS = [
  // Mermaid 12's defaults (config.schema.yaml, `secure`)
  "secure", "securityLevel", "startOnLoad", "maxTextSize", "suppressErrorRendering", "maxEdges",
  // this site's additions
  "dompurifyConfig", "theme", "themeCSS", "themeVariables", "darkMode", "fontFamily", "altFontFamily",
  "fontSize", "htmlLabels", "flowchart", "class", "state", "markdownAutoWrap", "arrowMarkerAbsolute",
  "deterministicIds", "deterministicIDSeed", "legacyMathML", "forceLegacyMathML",
];

async function draw(mermaid) {
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    secure: SECURE_KEYS,
    theme: darkScheme.matches ? "dark" : "default",
    htmlLabels: false,
    flowchart: { htmlLabels: false },
  });
  for (const source of sources) {
    const figure = source.parentElement;
    let drawing = figure.querySelector(".diagram-drawing");
    if (!drawing) {
      drawing = document.createElement("div");
      drawing.className = "diagram-drawing";
      figure.insertBefore(drawing, source);
    }
    const id = `diagram-${++drawings}`;
    try {
      const { svg } = await mermaid.render(id, source.textContent);
      drawing.innerHTML = svg; // Mermaid's own output, sanitized by it (strict)
      const picture = drawing.querySelector("svg");
      if (picture) {
        picture.setAttribute("role", "img");
        picture.setAttribute("aria-label", script.dataset.label);
      }
      drawing.hidden = false;
      source.hidden = true;
    } catch (error) {
      document.getElementById(`d${id}`)?.remove(); // Mermaid's scratch element
      drawing.hidden = true;
      source.hidden = false;
      figure.classList.add("diagram-failed");
      figure.dataset.error = script.dataset.error;
    }
  }
}

if (script && sources.length) {
  const { default: mermaid } = await import(script.dataset.mermaid);
  await draw(mermaid);
  darkScheme.addEventListener("change", () => draw(mermaid));
  document.documentElement.dataset.diagramsDrawn = String(sources.length);
}
