// Copy buttons and delete confirmations; every page works without this file.
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const code = button.parentElement.querySelector('code');
  navigator.clipboard.writeText(code.textContent).then(() => {
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 1500);
  });
});
// Without this file the server asks on a page of its own (a form with confirm_text and no confirmed=yes).
document.addEventListener('submit', (event) => {
  const form = event.target;
  const message = form.getAttribute('data-confirm');
  if (!message) return;
  if (!window.confirm(message)) {
    event.preventDefault();
    return;
  }
  if (!form.querySelector('input[name="confirmed"]')) {
    const confirmed = document.createElement('input');
    confirmed.type = 'hidden';
    confirmed.name = 'confirmed';
    confirmed.value = 'yes';
    form.appendChild(confirmed);
  }
});
