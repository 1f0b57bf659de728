// Sunstone (nebula-ha): live panels. Every element with data-poll="URL" is refreshed from URL
// every data-every seconds (default 3) without reloading the page.
(function () {
  function refresh(el) {
    fetch(el.getAttribute('data-poll'), { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (r.status === 401) { window.location = '/login?expired=1'; return null; }
        return r.text();
      })
      .then(function (html) { if (html !== null) el.innerHTML = html; })
      .catch(function () {
        var s = el.querySelector('.updated');
        if (s) s.textContent = 'Sunstone does not answer (fail-over in progress?); retrying…';
      });
  }
  document.querySelectorAll('[data-poll]').forEach(function (el) {
    var every = parseInt(el.getAttribute('data-every') || '3', 10) * 1000;
    setInterval(function () { refresh(el); }, every);
  });
})();
