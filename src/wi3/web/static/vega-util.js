// The three names vega-interpreter imports from vega-util, taken from the vega build the page
// has already loaded (it holds vega-util): the import map of the page names this module
// "vega-util", so the interpreter is served exactly as published.
const { ascending, isString, DisallowedObjectProperties } = globalThis.vega;
export { ascending, isString, DisallowedObjectProperties };
