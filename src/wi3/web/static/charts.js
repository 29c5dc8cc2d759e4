// Draws every chart of a page from its Vega-Lite specification (the report's own), with
// vega-embed. Expressions are evaluated by vega-interpreter instead of generated code, so the
// page's Content-Security-Policy needs no 'unsafe-eval'; vega-embed and its tooltips add no
// style element of their own (web.css styles the tooltip).
import { expressionInterpreter } from "/static/vega-interpreter.js";

for (const element of document.querySelectorAll(".vega-chart")) {
  const spec = JSON.parse(document.getElementById(element.dataset.spec).textContent);
  vegaEmbed(element, spec, {
    mode: "vega-lite",
    renderer: "svg",
    actions: false,
    ast: true,
    expr: expressionInterpreter,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  }).catch((error) => {
    element.textContent = error.message;
  });
}
