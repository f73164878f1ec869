// The dashboard's only script (served from the assembly, allowed by the CSP as 'self').
// It keeps an open page current: the server sends "changed" over server-sent events when the
// run or the list moved on; the page is fetched again and its <main> swapped, keeping what the
// person was typing. It never builds markup from data: the server rendered and encoded it.
"use strict";
(() => {
  const main = document.getElementById("main");
  const status = document.getElementById("live-status");
  if (!main || !main.dataset.live || typeof EventSource === "undefined") {
    return;
  }

  const say = (text) => { if (status) { status.textContent = text; } };
  let refreshing = false;

  const refresh = async (label) => {
    if (refreshing) {
      return;
    }
    refreshing = true;
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } });
      if (!response.ok) {
        say("Could not refresh (" + response.status + "); reload the page.");
        return;
      }
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("main");
      if (!fresh) {
        return;
      }
      const focused = document.activeElement && main.contains(document.activeElement) ? document.activeElement.id : null;
      const typed = new Map();
      main.querySelectorAll("input[id]:not([type=hidden]):not([type=checkbox]):not([type=radio])").forEach((input) => typed.set(input.id, input.value));
      main.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
      if (fresh.dataset.live && fresh.dataset.live !== main.dataset.live) {
        main.dataset.live = fresh.dataset.live;
        listen();
      }
      typed.forEach((value, id) => { const input = document.getElementById(id); if (input && main.contains(input)) { input.value = value; } });
      if (focused) {
        const again = document.getElementById(focused);
        if (again) { again.focus(); }
      }
      document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || "0") + 1);
      say("Updated " + new Date().toLocaleTimeString() + ": " + label);
    } catch {
      say("Could not refresh; reload the page.");
    } finally {
      refreshing = false;
    }
  };

  // The stream's URL carries the version of what the page shows; after a refresh it is the new one.
  let source = null;
  const listen = () => {
    if (source) { source.close(); }
    source = new EventSource(main.dataset.live);
    source.addEventListener("hello", (e) => say("Live: " + e.data));
    source.addEventListener("changed", (e) => { refresh(e.data); });
    source.onerror = () => say("Live updates interrupted; retrying…");
  };
  listen();
})();
