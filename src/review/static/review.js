// Keyboard shortcuts for the review pages. Served as a file (never inline) so the pages' CSP can
// forbid inline script. Queue: j/k move, Enter or o opens. Decision: c/f/m label, n next, u queue.
'use strict';

(function () {
  var page = document.body.getAttribute('data-page');

  function typing(event) {
    var t = event.target;
    var tag = t && t.tagName ? t.tagName.toLowerCase() : '';
    return tag === 'input' || tag === 'textarea' || tag === 'select' || (t && t.isContentEditable);
  }

  function queueKeys() {
    var rows = Array.prototype.slice.call(document.querySelectorAll('tr.queue-row'));
    var at = -1;
    function select(i) {
      if (rows.length === 0) return;
      at = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach(function (row, k) {
        row.classList.toggle('selected', k === at);
      });
      rows[at].scrollIntoView({ block: 'nearest' });
    }
    return function (key) {
      if (key === 'j') select(at + 1);
      else if (key === 'k') select(at - 1);
      else if ((key === 'Enter' || key === 'o') && at >= 0) rows[at].querySelector('a').click();
      else return false;
      return true;
    };
  }

  function decisionKeys() {
    return function (key) {
      var button = document.querySelector('#label-form button[data-key="' + key + '"]');
      if (button) {
        button.click();
        return true;
      }
      var link =
        key === 'n' || key === 'j'
          ? document.getElementById('next')
          : key === 'u'
            ? document.getElementById('back')
            : null;
      if (link) {
        link.click();
        return true;
      }
      return false;
    };
  }

  var handle = page === 'queue' ? queueKeys() : page === 'decision' ? decisionKeys() : null;
  if (!handle) return;
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    if (handle(event.key)) event.preventDefault();
  });
})();
