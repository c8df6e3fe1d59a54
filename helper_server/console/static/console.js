// Progressive enhancement only: every page works without this file.
// Forms with data-confirm ask before they are sent (rejecting a dossier cannot be undone).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
