// Copy buttons and delete confirmations; every page works without this file (the text to copy stays selectable,
// and its Copy button stays hidden).
document.addEventListener('DOMContentLoaded', () => {
  // a README's fenced code, once the page loaded the highlighter (it does where there is some)
  if (window.hljs) {
    document.querySelectorAll('.readme pre code[class*="language-"]').forEach((code) => window.hljs.highlightElement(code));
  }
  if (!navigator.clipboard) return;
  document.querySelectorAll('button[data-copy][hidden]').forEach((button) => { button.hidden = false; });
});
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  const source = button.parentElement.querySelector('code, input');
  navigator.clipboard.writeText(source.value !== undefined ? source.value : source.textContent).then(() => {
    button.textContent = 'Copied';
    const announce = document.getElementById('announce');
    if (announce) announce.textContent = 'Copied to the clipboard';
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
