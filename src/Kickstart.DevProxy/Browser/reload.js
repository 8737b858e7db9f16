// Kickstart dev proxy: reloads this page when the Go server was rebuilt and restarted (or a static file it serves
// changed), swaps changed stylesheets in place without a reload, and shows build errors over it.
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

  // The file name of a URL's path ("/static/css/site.css?v=3" -> "site.css"): how a changed file is told from the
  // stylesheets a page links (the URL the server maps a file to is its own business).
  function fileName(href) {
    try {
      var path = new URL(href, location.href).pathname;
      return decodeURIComponent(path.substring(path.lastIndexOf('/') + 1)).toLowerCase();
    } catch (e) {
      return '';
    }
  }

  // Loads the stylesheet anew beside the old one, with a query no cache has seen, and drops the old one once the new
  // one is in: the page never shows unstyled, and nothing else on it changes.
  function refreshStylesheet(link) {
    var url = new URL(link.href, location.href);
    url.searchParams.set('kickstart-swap', String(Date.now()));
    var next = link.cloneNode(false);
    var done = false;
    function dropOld() {
      if (!done) {
        done = true;
        if (link.parentNode) {
          link.parentNode.removeChild(link);
        }
      }
    }
    next.addEventListener('load', dropOld);
    next.addEventListener('error', dropOld);
    next.href = url.toString();
    link.parentNode.insertBefore(next, link.nextSibling);
  }

  // The stylesheets of this page that a changed file may be: those of the same name, else (an @import, a name the
  // server maps differently) every stylesheet the page loads from its own origin.
  function swapStylesheets(paths) {
    var names = [];
    for (var i = 0; i < paths.length; i++) {
      names.push(fileName(String(paths[i])));
    }
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    var own = [];
    var matching = [];
    for (var j = 0; j < links.length; j++) {
      var link = links[j];
      if (new URL(link.href, location.href).origin !== location.origin) {
        continue;
      }
      own.push(link);
      if (names.indexOf(fileName(link.href)) >= 0) {
        matching.push(link);
      }
    }
    var chosen = matching.length > 0 ? matching : own;
    for (var k = 0; k < chosen.length; k++) {
      refreshStylesheet(chosen[k]);
    }
  }

  // A reload takes a page's scripts and images from the browser's cache without asking the server (Chrome checks only
  // the page itself): the resources named like a changed file (elements, and what the page fetched: performance
  // entries) are fetched anew into that cache first. Any failure still reloads.
  function reloadWithFresh(paths) {
    var names = [];
    for (var i = 0; i < paths.length; i++) {
      names.push(fileName(String(paths[i])));
    }
    var urls = [];
    function consider(href) {
      if (!href || urls.indexOf(href) >= 0) {
        return;
      }
      try {
        if (new URL(href, location.href).origin === location.origin && names.indexOf(fileName(href)) >= 0) {
          urls.push(href);
        }
      } catch (e) {
        // not a URL: nothing to fetch
      }
    }
    var nodes = document.querySelectorAll('script[src], link[href], img[src], source[src], video[src], audio[src]');
    for (var j = 0; j < nodes.length; j++) {
      consider(nodes[j].src || nodes[j].href);
    }
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType('resource') : [];
    for (var k = 0; k < entries.length; k++) {
      consider(entries[k].name);
    }
    if (urls.length === 0 || !window.fetch) {
      location.reload();
      return;
    }
    var fetches = [];
    for (var n = 0; n < urls.length; n++) {
      fetches.push(fetch(urls[n], { cache: 'reload', credentials: 'same-origin' }).then(function (response) {
        return response.arrayBuffer(); // read to the end: the cache entry is complete before the reload
      }).catch(function () {}));
    }
    Promise.all(fetches).then(function () { location.reload(); });
  }

  function connect() {
    var source = new EventSource('/_kickstart/events');
    source.addEventListener('reload', function (event) {
      var paths = [];
      try {
        paths = JSON.parse(event.data).paths || [];
      } catch (e) {
        // a reload after a restart: nothing of its own to fetch
      }
      if (Array.isArray(paths) && paths.length > 0) {
        reloadWithFresh(paths);
      } else {
        location.reload();
      }
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
    source.addEventListener('stylesheets', function (event) {
      var paths = [];
      try {
        paths = JSON.parse(event.data);
      } catch (e) {
        // no names: every stylesheet of the page is loaded anew
      }
      swapStylesheets(Array.isArray(paths) ? paths : []);
    });
    source.onerror = function () {
      // EventSource retries by itself after a dropped stream; it gives up only after an HTTP error, so retry then.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, 1000);
      }
    };
  }

  connect();
})();
