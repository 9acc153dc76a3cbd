/* global window, document, fetch, location, ResizeObserver, URL */
/*
 * globalThis.__bridge inside a Custom UI iframe of the Librarian sandbox. @forge/bridge calls
 * `__bridge.callBridge(name, payload)`; this script answers those calls the way Confluence's host does:
 * backend calls go to the sandbox server with this frame's signed token (the server, not this script, decides who
 * the user is and which module/space/page the call is for); page-level effects (flags, modals, navigation,
 * closing a dialog, theme) go to the host page with postMessage. It must run before the app's bundle, because
 * @forge/bridge looks the bridge up when its modules load.
 */
(function () {
  'use strict';
  var boot = JSON.parse(document.getElementById('__librarian_frame').textContent);
  var token = boot.token;
  var context = boot.context;
  var TAG = 'librarian-bridge';

  var pending = new Map();
  var nextId = 1;
  var modalCallbacks = new Map();
  var eventListeners = new Map();
  var themeEnabled = false;

  function applyTheme(colorMode) {
    var html = document.documentElement;
    html.setAttribute('data-color-mode', colorMode);
    html.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography');
  }

  // postMessage cannot carry functions, so payloads travel as plain JSON (callbacks stay in this frame).
  function toHost(name, payload) {
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      pending.set(id, { resolve: resolve, reject: reject });
      var plain = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload));
      window.parent.postMessage({ tag: TAG, kind: 'request', id: id, name: name, payload: plain }, location.origin);
    });
  }

  var flagActions = new Map();
  function showFlag(p) {
    var actions = (p.actions || []).map(function (action) {
      var actionId = 'flag-action-' + nextId++;
      if (typeof action.onClick === 'function') flagActions.set(actionId, action.onClick);
      return { text: action.text, actionId: actionId };
    });
    return toHost('showFlag', Object.assign({}, p, { actions: actions }));
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || event.source !== window.parent) return;
    var data = event.data;
    if (!data || data.tag !== TAG) return;
    if (data.kind === 'response') {
      var call = pending.get(data.id);
      if (!call) return;
      pending.delete(data.id);
      if (data.error) call.reject(new Error(data.error));
      else call.resolve(data.result);
    } else if (data.kind === 'theme' && themeEnabled) {
      applyTheme(data.colorMode);
    } else if (data.kind === 'modalClosed') {
      var onClose = modalCallbacks.get(data.modalId);
      modalCallbacks.delete(data.modalId);
      if (onClose) onClose(data.payload);
    } else if (data.kind === 'flagAction') {
      var onClick = flagActions.get(data.actionId);
      if (onClick) onClick();
    } else if (data.kind === 'event') {
      var listeners = eventListeners.get(data.event) || [];
      listeners.forEach(function (listener) {
        listener(data.payload);
      });
    }
  });

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.assign({ token: token }, body)),
    }).then(function (res) {
      return res.json().then(
        function (data) {
          if (!res.ok) throw new Error((data && data.error && data.error.message) || 'HTTP ' + res.status);
          return data;
        },
        function () {
          throw new Error('HTTP ' + res.status);
        },
      );
    });
  }

  function subscribe(event, callback) {
    var listeners = eventListeners.get(event) || [];
    listeners.push(callback);
    eventListeners.set(event, listeners);
    return {
      unsubscribe: function () {
        eventListeners.set(
          event,
          (eventListeners.get(event) || []).filter(function (l) {
            return l !== callback;
          }),
        );
      },
    };
  }

  // A history confined to this frame: Confluence maps it onto the page URL; here routes stay in the frame.
  function createHistory() {
    var listeners = [];
    var entries = [{ pathname: '/', search: '', hash: '', state: null, key: 'default' }];
    var index = 0;
    function parse(to, state) {
      var url = new URL(typeof to === 'string' ? to : (to.pathname || '/') + (to.search || '') + (to.hash || ''), 'http://x');
      return { pathname: url.pathname, search: url.search, hash: url.hash, state: state === undefined ? null : state, key: String(Date.now()) };
    }
    function notify(action) {
      history.location = entries[index];
      history.action = action;
      listeners.forEach(function (l) {
        l(entries[index], action);
      });
    }
    var history = {
      action: 'POP',
      location: entries[0],
      get length() {
        return entries.length;
      },
      push: function (to, state) {
        entries = entries.slice(0, index + 1);
        entries.push(parse(to, state));
        index = entries.length - 1;
        notify('PUSH');
      },
      replace: function (to, state) {
        entries[index] = parse(to, state);
        notify('REPLACE');
      },
      go: function (delta) {
        index = Math.max(0, Math.min(entries.length - 1, index + delta));
        notify('POP');
      },
      back: function () {
        history.go(-1);
      },
      forward: function () {
        history.go(1);
      },
      listen: function (listener) {
        listeners.push(listener);
        return function () {
          listeners = listeners.filter(function (l) {
            return l !== listener;
          });
        };
      },
      block: function () {
        return function () {};
      },
      createHref: function (to) {
        return typeof to === 'string' ? to : (to.pathname || '/') + (to.search || '') + (to.hash || '');
      },
    };
    return history;
  }

  var handlers = {
    invoke: function (p) {
      if (p && p.invokeType) return Promise.reject(new Error('Forge Remote and container endpoints are not available in the sandbox.'));
      return post('/__bridge/invoke', { functionKey: p.functionKey, payload: p.payload }).then(function (data) {
        return p.metadata ? { body: data.result, metadata: {} } : data.result;
      });
    },
    getContext: function () {
      return JSON.parse(JSON.stringify(context));
    },
    enableTheming: function () {
      themeEnabled = true;
      applyTheme(context.theme.colorMode);
      return toHost('enableTheming').then(function (colorMode) {
        applyTheme(colorMode);
      });
    },
    fetchProduct: function (p) {
      return post('/__bridge/product', { product: p.product, restPath: p.restPath, init: p.fetchRequestInit }).then(function (data) {
        return { body: data.body, headers: data.headers, status: data.status, statusText: data.statusText, isAttachment: false };
      });
    },
    fetchRemote: function () {
      return Promise.reject(new Error('requestRemote is not available in the sandbox: the app declares no remotes.'));
    },
    openModal: function (p) {
      var modalId = 'modal-' + nextId++;
      if (typeof p.onClose === 'function') modalCallbacks.set(modalId, p.onClose);
      return toHost('openModal', {
        modalId: modalId,
        resource: p.resource,
        size: p.size,
        context: p.context,
        closeOnEscape: p.closeOnEscape,
        closeOnOverlayClick: p.closeOnOverlayClick,
        title: p.title,
      });
    },
    on: function (p) {
      return subscribe(p.event, p.callback);
    },
    onPublic: function (p) {
      return subscribe(p.event, p.callback);
    },
    emit: function (p) {
      return toHost('emit', { event: p.event, payload: p.payload });
    },
    emitPublic: function (p) {
      return toHost('emit', { event: p.event, payload: p.payload });
    },
    createHistory: createHistory,
    showFlag: showFlag,
    isRovoEnabled: function () {
      return false;
    },
    openRovo: function () {
      return false;
    },
    getCookieConsentPreferences: function () {
      return null;
    },
    emitReadyEvent: function () {
      return undefined;
    },
    emitFrontendCustomMetric: function () {
      return undefined;
    },
    trackObjectStoreAction: function () {
      return undefined;
    },
  };
  // Calls whose effect lives in the host page.
  ['submit', 'close', 'onClose', 'open', 'refresh', 'navigate', 'getUrl', 'reload', 'closeFlag', 'changeWindowTitle'].forEach(
    function (name) {
      handlers[name] = function (p) {
        return toHost(name, p);
      };
    },
  );

  globalThis.__bridge = {
    callBridge: function (name, payload) {
      var handler = handlers[name];
      if (!handler) return Promise.reject(new Error('The Librarian sandbox does not implement the bridge call "' + name + '".'));
      return Promise.resolve().then(function () {
        return handler(payload);
      });
    },
  };

  // Confluence sizes app iframes to their content (iframe-resizer); report the height to the host page.
  function reportHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    window.parent.postMessage({ tag: TAG, kind: 'resize', height: height }, location.origin);
  }
  // Keys pressed inside the frame never reach the host page; Escape must still close a modal or dialog.
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') window.parent.postMessage({ tag: TAG, kind: 'escape' }, location.origin);
  });
  document.addEventListener('DOMContentLoaded', function () {
    if (typeof ResizeObserver === 'function') new ResizeObserver(reportHeight).observe(document.documentElement);
    reportHeight();
  });
})();
