/* The SPARQL workbench: YASGUI on this service's own endpoint, with nothing fetched from the network.
 *
 * YASGUI would reach out in three places; each is closed here:
 * - the prefix completer (prefix.cc): replaced by one that offers LexGraph's predeclared prefixes;
 * - the class and property completers (Linked Open Vocabularies): left out;
 * - the endpoint catalogue (public endpoints): only the local /sparql is listed.
 * The example queries come from the page (the stored .rq files, made runnable by the service).
 * A result's IRI that this service has a page for (`config.localPages`: IRI base -> path here, e.g. LexGraph ids
 * -> /id/) links to that page, not off the machine; its text stays the IRI or its prefixed form.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("workbench-config").textContent);
  const endpoint = new URL(config.endpoint, window.location.href).href;
  const status = document.getElementById("workbench-status");
  const Yasqe = Yasgui.Yasqe;

  const prefixList = Object.keys(config.prefixes)
    .map((name) => name + ": <" + config.prefixes[name] + ">")
    .sort();
  Yasqe.forkAutocompleter(
    "prefixes",
    { name: "lexgraphPrefixes", persistenceId: null, get: () => Promise.resolve(prefixList) },
    false,
  );
  // Yasgui.defaults.yasqe is Yasqe.defaults: one assignment sets what every tab's editor starts from.
  Yasqe.defaults.autocompleters = ["lexgraphPrefixes", "variables"];
  Yasqe.defaults.value = config.defaultQuery;

  const localPages = Object.entries(config.localPages);

  /** The page this service serves for `iri`, or null. Each path segment is encoded as the server's id_href does,
   * so the route reads back the IRI's own text (a `%`, `?` or `#` in it included). */
  function localPage(iri) {
    for (const [base, path] of localPages) {
      if (iri.length > base.length && iri.startsWith(base)) {
        return path + iri.slice(base.length).split("/").map(encodeURIComponent).join("/");
      }
    }
    return null;
  }

  // YASR's table writes each IRI as <a class="iri" href="IRI">, the only result view that links IRIs. Its
  // `tableConfig` (DataTables settings) takes a createdRow hook: DataTables calls it once for each row it builds,
  // whether on first showing it or when YASR draws the table anew ("Simple view", back from Response, a reload);
  // paging, sorting and filtering reuse rows already built, so every link shown has passed through here.
  const tableSettings = Yasgui.Yasr.plugins.table.defaults.tableConfig;
  const yasrCreatedRow = tableSettings.createdRow;
  tableSettings.createdRow = function (row, ...rest) {
    if (yasrCreatedRow) yasrCreatedRow.call(this, row, ...rest);
    for (const link of row.querySelectorAll("a.iri")) {
      const page = localPage(link.getAttribute("href"));
      if (page) link.setAttribute("href", page);
    }
  };

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    persistenceId: "lexgraph-workbench",
    yasr: { prefixes: config.prefixes },
  });

  function say(text) {
    status.textContent = text;
  }

  // Controls YASGUI draws without an accessible name, and the name each gets.
  const names = {
    ".yasgui .autocomplete": "SPARQL endpoint",
    ".yasgui .clearEndpointBtn": "Clear endpoint",
    ".yasgui .tabsList input": "Tab name",
    ".yasgui .tableSizer": "Page size",
  };

  function label(tab) {
    // CodeMirror's hidden textarea is what a screen reader lands on: name it.
    const input = tab && tab.getYasqe() && tab.getYasqe().getInputField();
    if (input && !input.getAttribute("aria-label")) input.setAttribute("aria-label", "SPARQL query");
    for (const selector in names) {
      for (const element of document.querySelectorAll(selector)) {
        if (!element.getAttribute("aria-label")) element.setAttribute("aria-label", names[selector]);
      }
    }
  }

  function openExample(example) {
    const tab = yasgui.addTab(
      true,
      { name: example.title, yasqe: { value: example.query }, requestConfig: { endpoint: endpoint } },
      { avoidDuplicateTabs: true },
    );
    label(tab);
    tab.getYasqe().focus();
    // On a narrow screen the editor sits below the examples: bring it up.
    document.getElementById("yasgui").scrollIntoView({ block: "nearest" });
    say("Opened “" + example.title + "” in its own tab. Run it with the Run query button or Ctrl+Enter.");
    return tab;
  }

  const examples = {};
  for (const example of config.examples) examples[example.slug] = example;
  for (const button of document.querySelectorAll("button[data-example]")) {
    button.addEventListener("click", () => openExample(examples[button.dataset.example]));
  }

  yasgui.on("tabSelect", (instance, tabId) => window.setTimeout(() => label(instance.getTab(tabId)), 0));
  // YASGUI tells of a response before its result view has read it: count the rows once it has.
  yasgui.on("queryResponse", (instance, tab) => window.setTimeout(() => announce(tab), 0));

  function announce(tab) {
    label(tab);
    const results = tab.getYasr().results;
    if (!results) return;
    if (results.hasError()) {
      say("The query failed: the message is shown below the editor.");
      return;
    }
    const bindings = results.getBindings();
    if (bindings) say(bindings.length + (bindings.length === 1 ? " row." : " rows."));
    else say("Answered.");
  }

  const current = yasgui.getTab();
  if (current) label(current);
  window.lexgraphWorkbench = { yasgui: yasgui, openExample: (slug) => openExample(examples[slug]) };
})();
