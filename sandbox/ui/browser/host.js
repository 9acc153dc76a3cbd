/* global window, document, fetch, location, setTimeout, URL, sessionStorage */
/*
 * The host page of the Librarian sandbox: plays Confluence's part for the app iframes on the page. It answers the
 * bridge calls whose effect is outside the iframe (flags, modals, navigation, closing a dialog, theme, app
 * events) and sizes iframes to their content. Messages are accepted only from same-origin app iframes on this page.
 */
(function () {
  'use strict';
  var TAG = 'librarian-bridge';
  var settings = JSON.parse(document.getElementById('__librarian_host').textContent);
  var colorMode = settings.colorMode;

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll('iframe.forge-frame'));
  }
  function frameOf(source) {
    return frames().find(function (f) {
      return f.contentWindow === source;
    });
  }
  function send(frame, message) {
    if (frame && frame.contentWindow) frame.contentWindow.postMessage(Object.assign({ tag: TAG }, message), location.origin);
  }

  // ---- flags -------------------------------------------------------------------------------------------------
  var flagArea = document.getElementById('flags');
  function showFlag(frame, p) {
    closeFlag({ id: p.id });
    var flag = document.createElement('div');
    var type = p.type || p.appearance || 'info';
    flag.className = 'cf-flag cf-flag--' + type;
    flag.setAttribute('role', type === 'error' || type === 'warning' ? 'alert' : 'status');
    flag.dataset.flagId = String(p.id);
    var title = document.createElement('strong');
    title.textContent = p.title || '';
    flag.appendChild(title);
    if (p.description) {
      var description = document.createElement('p');
      description.textContent = String(p.description);
      flag.appendChild(description);
    }
    (p.actions || []).forEach(function (action) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = action.text;
      button.addEventListener('click', function () {
        send(frame, { kind: 'flagAction', actionId: action.actionId });
      });
      flag.appendChild(button);
    });
    var dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'cf-flag__close';
    dismiss.setAttribute('aria-label', 'Dismiss');
    dismiss.textContent = '×';
    dismiss.addEventListener('click', function () {
      flag.remove();
    });
    flag.appendChild(dismiss);
    flagArea.appendChild(flag);
    if (p.isAutoDismiss) {
      setTimeout(function () {
        flag.remove();
      }, 8000);
    }
    return true;
  }
  function closeFlag(p) {
    flagArea.querySelectorAll('.cf-flag').forEach(function (f) {
      if (f.dataset.flagId === String(p && p.id)) f.remove();
    });
    return true;
  }

  // ---- modals ------------------------------------------------------------------------------------------------
  var MODAL_WIDTHS = { small: '400px', medium: '600px', large: '800px', xlarge: '968px', max: '96vw', fullscreen: '100vw', resizable: '600px' };
  function openModal(opener, p) {
    return fetch('/__bridge/modal', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: opener.dataset.token, resource: p.resource || null, context: p.context === undefined ? {} : p.context }),
    })
      .then(function (res) {
        if (!res.ok) throw new Error('Unable to open modal.');
        return res.json();
      })
      .then(function (data) {
        var overlay = document.createElement('div');
        overlay.className = 'cf-modal-overlay';
        var dialog = document.createElement('div');
        dialog.className = 'cf-modal';
        dialog.setAttribute('role', 'dialog');
        dialog.setAttribute('aria-modal', 'true');
        var size = p.size || 'medium';
        dialog.style.width = typeof size === 'object' ? size.width : MODAL_WIDTHS[size] || MODAL_WIDTHS.medium;
        if (typeof size === 'object' && size.height) dialog.style.height = size.height;
        if (p.title) {
          var heading = document.createElement('h2');
          heading.className = 'cf-modal__title';
          heading.id = p.modalId + '-title';
          heading.textContent = p.title;
          dialog.setAttribute('aria-labelledby', heading.id);
          dialog.appendChild(heading);
        } else {
          dialog.setAttribute('aria-label', 'App dialog');
        }
        var frame = document.createElement('iframe');
        frame.className = 'forge-frame cf-modal__frame';
        frame.dataset.kind = 'modal';
        frame.dataset.token = data.token;
        frame.title = p.title || 'App dialog';
        frame.src = data.src;
        dialog.appendChild(frame);
        overlay.appendChild(dialog);
        var modal = { overlay: overlay, frame: frame, opener: opener, modalId: p.modalId, options: p, returnFocus: document.activeElement };
        modals.push(modal);
        overlay.addEventListener('click', function (event) {
          if (event.target === overlay && p.closeOnOverlayClick !== false) closeModal(modal, undefined);
        });
        document.body.appendChild(overlay);
        frame.focus();
        return true;
      });
  }
  var modals = [];
  function closeModal(modal, payload) {
    modals = modals.filter(function (m) {
      return m !== modal;
    });
    modal.overlay.remove();
    send(modal.opener, { kind: 'modalClosed', modalId: modal.modalId, payload: payload });
    if (modal.returnFocus && modal.returnFocus.focus) modal.returnFocus.focus();
  }
  function modalOf(frame) {
    return modals.find(function (m) {
      return m.frame === frame;
    });
  }

  // ---- inline dialog (content byline item) -------------------------------------------------------------------
  var bylineButton = document.querySelector('[data-byline-toggle]');
  var bylineDialog = document.getElementById('byline-dialog');
  function setBylineOpen(open) {
    if (!bylineButton || !bylineDialog) return;
    var frame = bylineDialog.querySelector('iframe');
    if (open && !frame.getAttribute('src')) frame.src = frame.dataset.src;
    bylineDialog.hidden = !open;
    bylineButton.setAttribute('aria-expanded', String(open));
    if (open) frame.focus();
    else bylineButton.focus();
  }
  if (bylineButton) {
    bylineButton.addEventListener('click', function () {
      setBylineOpen(bylineDialog.hidden);
    });
    if (bylineDialog && !bylineDialog.hidden) setBylineOpen(true);
  }

  // ---- macro configuration (the editor's "Edit macro" modal) -----------------------------------------------
  var configButton = document.querySelector('[data-macro-config-toggle]');
  var configOverlay = document.getElementById('macro-config');
  function setConfigOpen(open) {
    if (!configButton || !configOverlay) return;
    var frame = configOverlay.querySelector('iframe');
    if (open && !frame.getAttribute('src')) frame.src = frame.dataset.src;
    configOverlay.hidden = !open;
    if (open) frame.focus();
    else configButton.focus();
  }
  if (configButton) {
    configButton.addEventListener('click', function () {
      setConfigOpen(true);
    });
    if (configOverlay && !configOverlay.hidden) setConfigOpen(true);
  }
  // Saves through the server, which checks the payload as Confluence does; the page then re-renders the macro.
  function submitConfig(frame, payload) {
    return fetch('/__bridge/submit', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: frame.dataset.token, payload: payload === undefined ? null : payload }),
    })
      .then(function (res) {
        return res.json().then(function (data) {
          if (!res.ok) throw new Error((data && data.error && data.error.message) || 'HTTP ' + res.status);
          return data;
        });
      })
      .then(function (data) {
        if (data.result === true && !data.keepEditing) {
          var next = new URL(location.href);
          next.searchParams.delete('config');
          setTimeout(function () {
            location.assign(next.href);
          }, 0);
        }
        return data.result === true;
      });
  }

  // ---- navigation --------------------------------------------------------------------------------------------
  function urlFor(target) {
    if (typeof target === 'string') return target;
    var q = function (v) {
      return encodeURIComponent(String(v));
    };
    switch (target.target) {
      case 'contentView':
      case 'contentEdit':
        return '/page/' + q(target.contentId);
      case 'spaceView':
      case 'contentList':
        return '/space/' + q(target.spaceKey);
      case 'module':
        return '/view/' + q(target.moduleKey) + (target.spaceKey ? '?space=' + q(target.spaceKey) : '');
      case 'userProfile':
        return '/';
      default:
        throw new Error('Unsupported navigation target: ' + target.target);
    }
  }
  function absoluteUrl(target) {
    var url = new URL(urlFor(target), location.href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('Refusing to navigate to ' + url.protocol + ' URLs');
    return url.href;
  }
  // Every navigation the app asks for (router.open and router.navigate both arrive as `navigate`), as asked and
  // as resolved, so tests can assert what a click did. Kept in this tab's sessionStorage: a same-tab navigation
  // unloads this page, and the page it lands on (same origin) can still read the record.
  var NAVIGATIONS_KEY = 'librarian:navigations';
  function navigations() {
    try {
      var list = JSON.parse(sessionStorage.getItem(NAVIGATIONS_KEY) || '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  }
  function navigate(p) {
    var requested = p.url !== undefined ? p.url : p;
    var href = absoluteUrl(requested);
    var list = navigations();
    list.push({ requested: typeof requested === 'string' ? requested : Object.assign({}, requested, { type: undefined }), type: p.type, url: href });
    sessionStorage.setItem(NAVIGATIONS_KEY, JSON.stringify(list));
    if (p.type === 'new-tab') window.open(href, '_blank', 'noopener');
    else location.assign(href);
    return true;
  }

  // ---- theme -------------------------------------------------------------------------------------------------
  function setColorMode(mode) {
    colorMode = mode;
    document.documentElement.setAttribute('data-color-mode', mode);
    document.cookie = 'librarian_theme=' + mode + '; path=/; SameSite=Lax';
    frames().forEach(function (f) {
      send(f, { kind: 'theme', colorMode: mode });
    });
  }
  var themeToggle = document.querySelector('[data-theme-toggle]');
  if (themeToggle) {
    themeToggle.addEventListener('click', function () {
      setColorMode(colorMode === 'dark' ? 'light' : 'dark');
      themeToggle.setAttribute('aria-pressed', String(colorMode === 'dark'));
    });
  }

  // ---- bridge requests ---------------------------------------------------------------------------------------
  function handle(frame, name, p) {
    var kind = frame.dataset.kind;
    switch (name) {
      case 'showFlag':
        return showFlag(frame, p);
      case 'closeFlag':
        return closeFlag(p);
      case 'openModal':
        return openModal(frame, p);
      case 'close': {
        var modal = modalOf(frame);
        if (modal) {
          closeModal(modal, p);
          return true;
        }
        if (kind === 'dialog') {
          setBylineOpen(false);
          return true;
        }
        if (kind === 'config') {
          setConfigOpen(false);
          return true;
        }
        return false;
      }
      case 'submit':
        // Only a macro's configuration view is submittable in Confluence.
        return kind === 'config' ? submitConfig(frame, p) : false;
      case 'open':
      case 'onClose':
      case 'refresh':
        return true;
      case 'navigate':
        return navigate(p);
      case 'getUrl':
        return absoluteUrl(p);
      case 'reload':
        location.reload();
        return true;
      case 'changeWindowTitle':
        document.title = String(p);
        return true;
      case 'enableTheming':
        return colorMode;
      case 'emit':
        frames().forEach(function (f) {
          if (f !== frame) send(f, { kind: 'event', event: p.event, payload: p.payload });
        });
        return true;
      default:
        throw new Error('The sandbox host does not handle ' + name);
    }
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin) return;
    var data = event.data;
    if (!data || data.tag !== TAG) return;
    var frame = frameOf(event.source);
    if (!frame) return;
    if (data.kind === 'resize') {
      if (frame.dataset.kind !== 'modal' && data.height > 0) frame.style.height = Math.min(data.height, 4000) + 'px';
      return;
    }
    if (data.kind === 'escape') {
      var modal = modalOf(frame);
      if (modal && modal.options.closeOnEscape !== false) closeModal(modal, undefined);
      else if (frame.dataset.kind === 'dialog') setBylineOpen(false);
      return;
    }
    if (data.kind !== 'request') return;
    Promise.resolve()
      .then(function () {
        return handle(frame, data.name, data.payload);
      })
      .then(
        function (result) {
          send(frame, { kind: 'response', id: data.id, result: result });
        },
        function (err) {
          send(frame, { kind: 'response', id: data.id, error: (err && err.message) || String(err) });
        },
      );
  });
})();
