// Kickstart dev proxy: reloads this page when the Go server was rebuilt and restarted, and shows build errors over it.
// Served by the proxy at /_kickstart/reload.js and injected into every HTML page; it never reaches the Go server.
(function () {
  'use strict';
  if (window.__kickstartReload) {
    return; // injected twice (a page that includes it itself): one connection is enough
  }
  window.__kickstartReload = true;

  var overlayId = 'kickstart-build-errors';

  function removeOverlay() {
    var overlay = document.getElementById(overlayId);
    if (overlay) {
      overlay.parentNode.removeChild(overlay);
    }
  }

  function element(tag, style, text) {
    var node = document.createElement(tag);
    node.setAttribute('style', style);
    if (text !== undefined) {
      node.textContent = text; // compiler text is data, never markup
    }
    return node;
  }

  function showOverlay(errors) {
    removeOverlay();
    var overlay = element('div',
      'position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:24px;box-sizing:border-box;' +
      'background:rgba(24,24,27,0.94);color:#f4f4f5;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;');
    overlay.id = overlayId;
    overlay.setAttribute('role', 'alert');

    var close = element('button',
      'float:right;background:none;border:1px solid #71717a;color:#f4f4f5;border-radius:4px;cursor:pointer;font:inherit;',
      'close');
    close.addEventListener('click', removeOverlay);
    overlay.appendChild(close);

    overlay.appendChild(element('div', 'font-size:18px;font-weight:bold;color:#f87171;margin-bottom:12px;',
      'Build failed \u2014 the server still runs the last good build. Fix the errors and save.'));

    var list = element('ol', 'margin:0;padding-left:24px;');
    for (var i = 0; i < errors.length; i++) {
      var error = errors[i] || {};
      var item = element('li', 'margin:0 0 10px 0;');
      var where = String(error.file || '') + ':' + (error.line || 0) + ':' + (error.column || 0);
      item.appendChild(element('div', 'color:#fbbf24;', where));
      item.appendChild(element('div', 'white-space:pre-wrap;', String(error.message || '')));
      list.appendChild(item);
    }
    overlay.appendChild(list);
    (document.body || document.documentElement).appendChild(overlay);
  }

  function connect() {
    var source = new EventSource('/_kickstart/events');
    source.addEventListener('reload', function () {
      location.reload();
    });
    source.addEventListener('errors', function (event) {
      var errors = [];
      try {
        errors = JSON.parse(event.data);
      } catch (e) {
        // leave the list empty: the overlay still tells that the build failed
      }
      if (document.body) {
        showOverlay(errors);
      } else {
        document.addEventListener('DOMContentLoaded', function () { showOverlay(errors); });
      }
    });
    source.addEventListener('clear', removeOverlay);
    source.onerror = function () {
      // EventSource retries by itself after a dropped stream; it gives up only after an HTTP error, so retry then.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 1000);
      }
    };
  }

  connect();
})();
