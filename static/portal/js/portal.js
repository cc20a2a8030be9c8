/* Portal 4.0: small progressive enhancements; every form also works without this file. */
(function () {
  "use strict";

  // The context switcher submits when a new entry is picked with the mouse or by touch.
  // Keyboard users keep the explicit button: arrow keys change a closed <select> at once,
  // and reloading the page on every key press would throw them off (WCAG 3.2.2).
  function enhanceAutoSubmit(form) {
    var select = form.querySelector("select");
    if (!select) {
      return;
    }
    var usedKeyboard = false;
    select.addEventListener("keydown", function () { usedKeyboard = true; });
    select.addEventListener("pointerdown", function () { usedKeyboard = false; });
    select.addEventListener("change", function () {
      if (usedKeyboard) {
        return;
      }
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });
  }

  // The navigation's "More" (a <details>) closes like a menu: on Escape (focus back on its
  // summary) and on a click elsewhere.
  function closeMore(except) {
    document.querySelectorAll(".nav-more details[open]").forEach(function (details) {
      if (details !== except) {
        details.removeAttribute("open");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosubmit]").forEach(enhanceAutoSubmit);
    document.addEventListener("click", function (event) {
      closeMore(event.target.closest ? event.target.closest(".nav-more details") : null);
    });
    document.addEventListener("keydown", function (event) {
      var open = document.querySelector(".nav-more details[open]");
      if (event.key === "Escape" && open) {
        open.removeAttribute("open");
        open.querySelector("summary").focus();
      }
    });
  });
})();
