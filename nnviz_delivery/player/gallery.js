// nnviz gallery: "copy embed code" for each clip. The Clipboard API needs a secure context
// (https or localhost); elsewhere (file://) fall back to selecting the snippet for Ctrl+C.
(function () {
  "use strict";
  async function copy(text, area) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return "Copied to the clipboard.";
      }
    } catch (e) { /* permission refused: try the older way */ }
    const details = area.closest("details");
    if (details) details.open = true;
    area.focus();
    area.select();
    try {
      if (document.execCommand && document.execCommand("copy")) return "Copied to the clipboard.";
    } catch (e) { /* not allowed here */ }
    return "Selected: press Ctrl+C (⌘C) to copy.";
  }
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      const area = document.getElementById(button.dataset.copy);
      const status = document.getElementById(button.dataset.copy + "-status");
      status.textContent = await copy(area.value, area);
    });
  });
})();
