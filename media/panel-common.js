// What the panels' scripts share, loaded before each (progress.js, fleet.js): the phase marks, building
// elements (text only, never HTML), and a polite screen-reader announcer that says each news once.
// @ts-check
(function () {
  /** @type {any} */ (window).asaPanel = {
    $: (id) => /** @type {HTMLElement} */ (document.getElementById(id)),
    MARK: { pending: '○', running: '◐', done: '✓', failed: '✗', skipped: '–', cancelled: '⊘' },
    el(tag, attrs, text) {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined) e.setAttribute(k, String(v));
      if (text !== undefined) e.textContent = text;
      return e;
    },
    /** Returns announce(text): writes into the live region `id` when the text changed. */
    announcer(id) {
      let last = '';
      return (text) => {
        if (text && text !== last) {
          last = text;
          /** @type {HTMLElement} */ (document.getElementById(id)).textContent = text;
        }
      };
    },
  };
})();
