// "Tick all" and "Tick none" above a list of checkboxes (the hours to approve). Progressive enhancement only:
// without this file the buttons stay hidden and every box is ticked or unticked by hand.
//
// A button [data-tick="all" | "none"] inside [data-tick-group] sets every checkbox of that group.
(function () {
  "use strict";

  document.querySelectorAll("[data-tick-group]").forEach(function (group) {
    group.querySelectorAll("button[data-tick]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var ticked = button.getAttribute("data-tick") === "all";
        group.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = ticked; });
      });
    });
  });
}());
