// The page's only script, served as a file so the Content-Security-Policy needs no inline code.
// Everything works without it; it only saves taps.
for (const select of document.querySelectorAll('.filters select, .filters input[type="checkbox"]')) {
  select.addEventListener('change', () => select.form.requestSubmit());
}
for (const form of document.querySelectorAll('form.update')) {
  // One tap, one update: a second tap while the first is on its way would only be refused as a repeat.
  form.addEventListener('submit', () => {
    for (const button of form.querySelectorAll('button')) button.disabled = true;
  });
}
