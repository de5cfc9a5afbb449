// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can
// forbid inline scripts: the language menu submits itself; a read-only field with a token
// selects its text when focused, ready to copy.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("focusin", (event) => {
  if (event.target.matches("input[data-select-on-focus]")) event.target.select();
});
