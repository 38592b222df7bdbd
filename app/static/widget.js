/*
 * faqbot chat widget — plain JS, no framework, no build step.
 *
 *   <script src="https://host/widget.js" data-title="Ask the article" async></script>
 *
 * Data attributes: data-title, data-greeting, data-accent (any CSS colour),
 * data-position ("right" | "left"), data-api (API base; defaults to this script's origin).
 *
 * Everything lives in an open Shadow DOM with its own styles, so page CSS and widget CSS
 * never leak into each other. All question and answer text is rendered with textContent.
 *
 * Answered replies carry "Helpful" / "Not helpful" buttons that POST /api/feedback with the
 * answer's id and an anonymous random client id (kept in localStorage, else in memory).
 */
(() => {
  "use strict";

  // Captured synchronously: document.currentScript is only set while this script runs.
  const SCRIPT =
    document.currentScript || document.querySelector('script[src*="widget.js"]');
  const TAG = "faqbot-widget";
  if (window.customElements.get(TAG)) return; // the script was included twice

  const HISTORY_MAX = 10;
  const SUGGESTIONS_MAX = 3;
  const SNIPPET_MAX = 200;
  const TIMEOUT_MS = 30000;
  const DEFAULTS = {
    title: "Ask a question",
    greeting: "Hi! Ask me anything about this page. I answer from its documents and show my sources.",
    accent: "#2563eb",
    position: "right",
  };
  const MSG_UNREACHABLE = "Sorry — I couldn't reach the help service.";
  const MSG_INVALID = "Sorry — that question couldn't be sent.";
  const MSG_THANKS = "Thanks for the feedback";
  const MSG_FEEDBACK_FAILED = "Couldn't send feedback — try again";
  const CLIENT_ID_KEY = "faqbot-widget:client-id";

  const ICON_CHAT =
    '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M4 4.75A2.75 2.75 0 0 1 6.75 2h10.5A2.75 2.75 0 0 1 20 4.75v8.5' +
    "A2.75 2.75 0 0 1 17.25 16H10l-4.4 3.67A1 1 0 0 1 4 18.9V4.75Zm4 3.5a1 1 0 0 0 0 2h8a1 1 0 1 0" +
    ' 0-2H8Zm0 3.5a1 1 0 1 0 0 2h5a1 1 0 1 0 0-2H8Z"/></svg>';
  const ICON_DOWN =
    '<svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true" focusable="false">' +
    '<path fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" ' +
    'stroke-linejoin="round" d="m6 9 6 6 6-6"/></svg>';
  const ICON_CLOSE =
    '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">' +
    '<path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" ' +
    'd="M6 6l12 12M18 6 6 18"/></svg>';
  const ICON_SEND =
    '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M3.4 20.4a1 1 0 0 1-1.3-1.26L4.4 12 2.1 4.86A1 1 0 0 1 3.4 3.6' +
    'l17.5 7.5a1 1 0 0 1 0 1.84L3.4 20.4ZM6.2 13l-1.45 4.5L17.4 12 4.75 6.5 6.2 11H12a1 1 0 1 1 0' +
    ' 2H6.2Z"/></svg>';
  const ICON_THUMB_UP =
    '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">' +
    '<path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" ' +
    'stroke-linejoin="round" d="M7 10v11M15 5.9 14 10h5.8a2 2 0 0 1 1.9 2.6l-2.3 7A2 2 0 0 1 ' +
    '17.5 21H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h2.8a2 2 0 0 0 1.8-1.1L12 2a3 3 0 0 1 3 3.9Z"/></svg>';
  const ICON_THUMB_DOWN =
    '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">' +
    '<path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" ' +
    'stroke-linejoin="round" d="M17 14V3M9 18.1 10 14H4.2a2 2 0 0 1-1.9-2.6l2.3-7A2 2 0 0 1 ' +
    '6.5 3H20a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1h-2.8a2 2 0 0 0-1.8 1.1L12 22a3 3 0 0 1-3-3.9Z"/></svg>';
  const ICON_SPARK =
    '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M12 2.5a1 1 0 0 1 .95.68l1.6 4.77 4.77 1.6a1 1 0 0 1 0 1.9l-4.77' +
    " 1.6-1.6 4.77a1 1 0 0 1-1.9 0l-1.6-4.77-4.77-1.6a1 1 0 0 1 0-1.9l4.77-1.6 1.6-4.77A1 1 0 0 1" +
    ' 12 2.5ZM19 15a.75.75 0 0 1 .71.51l.5 1.28 1.28.5a.75.75 0 0 1 0 1.42l-1.28.5-.5 1.28a.75.75 0' +
    ' 0 1-1.42 0l-.5-1.28-1.28-.5a.75.75 0 0 1 0-1.42l1.28-.5.5-1.28A.75.75 0 0 1 19 15Z"/></svg>';

  // The shadow root's constant structure and styles (no user or answer text ever goes here).
  const TEMPLATE = `
<style>
:host { all: initial !important; display: contents !important; }
*, *::before, *::after { box-sizing: border-box; }
.fb {
  all: initial;
  --accent: ${DEFAULTS.accent};
  --on-accent: #ffffff;
  --ink: #111827;
  --muted: #5b6472;
  --line: #e4e7ec;
  --bg: #ffffff;
  --soft: #f5f7fa;
  --radius: 16px;
  --shadow: 0 18px 50px rgba(16, 24, 40, 0.18), 0 4px 12px rgba(16, 24, 40, 0.08);
  display: block;
  color: var(--ink);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", sans-serif;
  font-size: 15px;
  font-weight: 400;
  line-height: 1.5;
  text-align: left;
  -webkit-font-smoothing: antialiased;
}
button, input { font: inherit; color: inherit; letter-spacing: inherit; margin: 0; }
button { cursor: pointer; }
:focus { outline: none; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

.launcher {
  position: fixed; right: 24px; bottom: 24px; z-index: 2147483000;
  width: 58px; height: 58px; border: 0; border-radius: 50%; padding: 0;
  display: grid; place-items: center;
  background: var(--accent); color: var(--on-accent);
  box-shadow: 0 8px 24px rgba(16, 24, 40, 0.25), 0 2px 6px rgba(16, 24, 40, 0.12);
  transition: transform 0.18s ease, box-shadow 0.18s ease;
}
.launcher:hover { transform: translateY(-2px); box-shadow: 0 12px 28px rgba(16, 24, 40, 0.28); }
.launcher:focus-visible { outline: 3px solid var(--accent); outline-offset: 3px; }
.launcher .icon-close { display: none; }
.fb.is-open .launcher .icon-open { display: none; }
.fb.is-open .launcher .icon-close { display: grid; }
.launcher span { display: grid; place-items: center; }

.panel {
  position: fixed; right: 24px; bottom: 96px; z-index: 2147483000;
  width: 384px; height: min(620px, calc(100vh - 124px)); height: min(620px, calc(100dvh - 124px));
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--bg); border: 1px solid var(--line); border-radius: var(--radius);
  box-shadow: var(--shadow);
  visibility: hidden; opacity: 0; transform: translateY(12px) scale(0.98);
  transform-origin: bottom right;
  transition: opacity 0.18s ease, transform 0.18s ease, visibility 0s linear 0.18s;
}
.fb.is-open .panel {
  visibility: visible; opacity: 1; transform: none;
  transition: opacity 0.18s ease, transform 0.18s ease, visibility 0s;
}
.fb.left .launcher, .fb.left .panel { right: auto; left: 24px; }
.fb.left .panel { transform-origin: bottom left; }

.head {
  display: flex; align-items: center; gap: 12px; padding: 14px 12px 14px 16px;
  border-bottom: 1px solid var(--line); background: var(--bg);
}
.avatar {
  flex: none; width: 36px; height: 36px; border-radius: 50%; display: grid; place-items: center;
  background: var(--accent); color: var(--on-accent);
}
.head-text { flex: 1; min-width: 0; }
.title {
  margin: 0; font-size: 16px; font-weight: 650; line-height: 1.3;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
}
.sub { margin: 1px 0 0; font-size: 12.5px; color: var(--muted); line-height: 1.3; }
.close {
  flex: none; width: 36px; height: 36px; border: 0; border-radius: 10px; padding: 0;
  display: grid; place-items: center; background: transparent; color: var(--muted);
}
.close:hover { background: var(--soft); color: var(--ink); }

.log {
  position: relative; flex: 1; overflow-y: auto; overscroll-behavior: contain;
  padding: 16px; display: flex; flex-direction: column; gap: 14px; background: var(--soft);
}
.msg { display: flex; flex-direction: column; gap: 8px; max-width: 92%; }
.msg.user { align-self: flex-end; align-items: flex-end; max-width: 82%; }
.msg.bot { align-self: flex-start; }
.bubble {
  margin: 0; padding: 10px 14px; border-radius: 14px; overflow-wrap: anywhere;
  white-space: pre-line;
}
.user .bubble {
  background: var(--accent); color: var(--on-accent); border-bottom-right-radius: 4px;
}
.bot .bubble {
  background: var(--bg); border: 1px solid var(--line); border-bottom-left-radius: 4px;
  box-shadow: 0 1px 2px rgba(16, 24, 40, 0.05); white-space: normal;
}
.answer-text { margin: 0; white-space: pre-line; }
.cite {
  display: inline-grid; place-items: center; min-width: 19px; height: 19px; padding: 0 5px;
  margin: 0 1px; border: 0; border-radius: 6px; vertical-align: 2px;
  font-size: 11.5px; font-weight: 650; line-height: 1;
  background: color-mix(in srgb, var(--accent) 14%, #ffffff);
  color: color-mix(in srgb, var(--accent) 65%, #000000);
}
.cite:hover { background: color-mix(in srgb, var(--accent) 24%, #ffffff); }

.sources-label, .chips-label {
  margin: 12px 0 6px; font-size: 11.5px; font-weight: 650; letter-spacing: 0.06em;
  text-transform: uppercase; color: var(--muted);
}
.chips-label { margin: 2px 0 0; }
.sources {
  list-style: none; margin: 0; padding: 10px 0 0; border-top: 1px solid var(--line);
  display: flex; flex-direction: column; gap: 8px;
}
.sources-label + .sources { padding-top: 0; border-top: 0; }
.source {
  display: grid; grid-template-columns: auto 1fr; gap: 2px 9px; padding: 8px 10px;
  border-radius: 10px; background: var(--soft); transition: box-shadow 0.3s ease;
}
.source.flash { box-shadow: 0 0 0 2px var(--accent); }
.source-num {
  grid-row: span 2; width: 20px; height: 20px; border-radius: 6px; display: grid;
  place-items: center; font-size: 11.5px; font-weight: 650;
  background: color-mix(in srgb, var(--accent) 14%, #ffffff);
  color: color-mix(in srgb, var(--accent) 65%, #000000);
}
.source-title { font-size: 13px; font-weight: 600; line-height: 1.35; }
.source-section { color: var(--muted); font-weight: 500; }
.source-text {
  font-size: 12.5px; line-height: 1.45; color: var(--muted);
  display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden;
}

.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chip {
  padding: 7px 12px; border-radius: 12px; border: 1px solid var(--line); background: var(--bg);
  font-size: 13px; line-height: 1.35; text-align: left; color: var(--ink);
  transition: border-color 0.15s ease, background 0.15s ease;
}
.chip:hover {
  border-color: var(--accent); background: color-mix(in srgb, var(--accent) 6%, #ffffff);
}

.typing .bubble { display: inline-flex; gap: 5px; align-items: center; padding: 14px 16px; }
.dot {
  width: 7px; height: 7px; border-radius: 50%; background: #98a2b3;
  animation: fb-bounce 1.2s infinite ease-in-out;
}
.dot:nth-child(3) { animation-delay: 0.15s; }
.dot:nth-child(4) { animation-delay: 0.3s; }
@keyframes fb-bounce {
  0%, 80%, 100% { transform: translateY(0); opacity: 0.5; }
  40% { transform: translateY(-4px); opacity: 1; }
}

.feedback { display: flex; align-items: center; gap: 6px; min-height: 30px; }
.vote {
  width: 30px; height: 30px; padding: 0; border-radius: 8px; display: grid; place-items: center;
  border: 1px solid var(--line); background: var(--bg); color: var(--muted);
  transition: border-color 0.15s ease, background 0.15s ease, color 0.15s ease;
}
.vote:hover { border-color: var(--accent); color: var(--ink); }
.vote[aria-pressed="true"] {
  border-color: var(--accent); background: color-mix(in srgb, var(--accent) 14%, #ffffff);
  color: color-mix(in srgb, var(--accent) 70%, #000000);
}
.vote[aria-disabled="true"] { cursor: progress; }
.feedback-status { margin: 0 0 0 4px; font-size: 12.5px; color: var(--muted); }
.feedback-status.failed { color: #b42318; }

.error .bubble { background: #fff8f1; border-color: #f9d4a8; }
.retry {
  align-self: flex-start; padding: 6px 14px; border-radius: 999px; font-size: 13px;
  font-weight: 600; border: 1px solid var(--accent); background: var(--bg);
  color: color-mix(in srgb, var(--accent) 70%, #000000);
}
.retry:hover { background: color-mix(in srgb, var(--accent) 8%, #ffffff); }

.form {
  display: flex; gap: 8px; align-items: center; padding: 12px; margin: 0;
  border-top: 1px solid var(--line); background: var(--bg);
}
.input {
  flex: 1; min-width: 0; height: 44px; padding: 0 14px; border-radius: 12px;
  border: 1px solid #d0d5dd; background: var(--bg); font-size: 15px;
}
.input::placeholder { color: #8a94a3; }
.input:focus-visible {
  outline: none; border-color: var(--accent);
  box-shadow: 0 0 0 3px color-mix(in srgb, var(--accent) 25%, transparent);
}
.send {
  flex: none; width: 44px; height: 44px; border: 0; border-radius: 12px; padding: 0;
  display: grid; place-items: center; background: var(--accent); color: var(--on-accent);
}
.send[aria-disabled="true"] { opacity: 0.55; cursor: progress; }

@media (max-width: 480px) {
  .panel {
    inset: 0; width: auto; height: auto; border: 0; border-radius: 0;
    transform-origin: bottom center;
  }
  .fb.left .panel { left: 0; }
  .fb.is-open .launcher { visibility: hidden; }
  .launcher { right: 16px; bottom: 16px; }
  .fb.left .launcher { left: 16px; }
  .input { font-size: 16px; }
  .form { padding-bottom: calc(12px + env(safe-area-inset-bottom, 0px)); }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after {
    transition-duration: 0s !important; transition-delay: 0s !important;
    animation: none !important;
  }
  .panel { transform: none; }
  .dot { opacity: 0.7; }
}
@media (forced-colors: active) {
  .launcher, .send, .bubble, .panel { border: 1px solid CanvasText; }
  .vote[aria-pressed="true"] { border: 2px solid Highlight; }
}
</style>
<div class="fb" part="widget">
  <button type="button" class="launcher" aria-expanded="false" aria-controls="fb-panel">
    <span class="icon-open">${ICON_CHAT}</span><span class="icon-close">${ICON_DOWN}</span>
  </button>
  <section class="panel" id="fb-panel" role="dialog" aria-modal="false" aria-labelledby="fb-title">
    <header class="head">
      <span class="avatar" aria-hidden="true">${ICON_SPARK}</span>
      <div class="head-text">
        <h2 class="title" id="fb-title"></h2>
        <p class="sub">Answers from this site's documents</p>
      </div>
      <button type="button" class="close" aria-label="Close chat">${ICON_CLOSE}</button>
    </header>
    <div class="log" role="log" aria-live="polite" aria-relevant="additions" aria-label="Conversation"></div>
    <form class="form" novalidate>
      <label class="sr-only" for="fb-input">Your question</label>
      <input class="input" id="fb-input" name="question" type="text" autocomplete="off"
        enterkeyhint="send" placeholder="Ask a question…">
      <button type="submit" class="send" aria-label="Send">${ICON_SEND}</button>
    </form>
  </section>
</div>`;

  /** Create an element with a class and (safe) text content. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function str(value) {
    return typeof value === "string" ? value : value == null ? "" : String(value);
  }

  function truncate(text, max) {
    const clean = str(text).replace(/\s+/g, " ").trim();
    if (clean.length <= max) return clean;
    const cut = clean.slice(0, max);
    const space = cut.lastIndexOf(" ");
    return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, "")}…`;
  }

  function scriptOrigin() {
    try {
      if (SCRIPT && SCRIPT.src) return new URL(SCRIPT.src, document.baseURI).origin;
    } catch (_) {
      /* fall through */
    }
    return window.location.origin;
  }

  /** The API base from data-api (http/https only), else the script's own origin. */
  function apiBase(value) {
    if (value) {
      try {
        const url = new URL(value, document.baseURI);
        if (url.protocol === "https:" || url.protocol === "http:") {
          return (url.origin + url.pathname).replace(/\/+$/, "");
        }
      } catch (_) {
        /* invalid: use the default */
      }
    }
    return scriptOrigin();
  }

  function readConfig(data) {
    const d = data || {};
    const accent = str(d.accent).trim();
    return {
      title: str(d.title).trim() || DEFAULTS.title,
      greeting: str(d.greeting).trim() || DEFAULTS.greeting,
      accent: accent && window.CSS && CSS.supports("color", accent) ? accent : DEFAULTS.accent,
      position: str(d.position).trim().toLowerCase() === "left" ? "left" : "right",
      api: apiBase(str(d.api).trim()),
    };
  }

  /** White or dark text, whichever reads better on the accent colour. */
  function textOn(node) {
    const colour = getComputedStyle(node).backgroundColor;
    const rgb = colour.startsWith("rgb") ? colour.match(/[\d.]+/g) : null;
    if (!rgb || rgb.length < 3) return "#ffffff";
    const [r, g, b] = rgb.slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return luminance > 0.4 ? "#111827" : "#ffffff";
  }

  /** The server's message from a 422 body: detail[0].msg (or a plain string detail). */
  function validationMessage(body) {
    const detail = body && body.detail;
    if (typeof detail === "string" && detail.trim()) return detail;
    if (Array.isArray(detail) && detail[0] && typeof detail[0].msg === "string") {
      return detail[0].msg;
    }
    return MSG_INVALID;
  }

  /** A random anonymous id (no personal data): a UUID where available, else 128 random bits. */
  function randomId() {
    const c = window.crypto;
    if (c && typeof c.randomUUID === "function") return c.randomUUID();
    const bytes = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(bytes);
    else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  let memoryClientId = null; // used when localStorage is blocked (privacy modes, sandboxed frames)

  /** This browser's stable anonymous feedback id, so a changed vote replaces the earlier one. */
  function clientId() {
    try {
      const stored = window.localStorage.getItem(CLIENT_ID_KEY);
      if (stored && /^[\w-]{8,100}$/.test(stored)) return stored;
      const fresh = memoryClientId || randomId();
      window.localStorage.setItem(CLIENT_ID_KEY, fresh);
      memoryClientId = fresh;
      return fresh;
    } catch (_) {
      memoryClientId = memoryClientId || randomId();
      return memoryClientId;
    }
  }

  const reduceMotion = () =>
    window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  class FaqbotWidget extends HTMLElement {
    constructor() {
      super();
      this.config = null;
      this._built = false;
      this._history = [];
      this._pending = false;
      this._greeted = false;
      this._count = 0;
    }

    connectedCallback() {
      if (this._built) return;
      this._built = true;
      this._config = this.config || readConfig(this.dataset);
      this._build();
    }

    get isOpen() {
      return this._root.classList.contains("is-open");
    }

    open() {
      if (!this._built) return;
      this._root.classList.add("is-open");
      this._launcher.setAttribute("aria-expanded", "true");
      if (!this._greeted) {
        this._greeted = true;
        const msg = this._botMessage("greeting");
        msg.bubble.append(el("p", "answer-text", this._config.greeting));
        this._append(msg);
      }
      this._input.focus();
    }

    close(returnFocus = true) {
      if (!this._built) return;
      this._root.classList.remove("is-open");
      this._launcher.setAttribute("aria-expanded", "false");
      if (returnFocus) this._launcher.focus();
    }

    toggle() {
      if (this.isOpen) this.close();
      else this.open();
    }

    /** Ask a question as if the user had typed it. */
    ask(question) {
      const text = str(question).trim();
      if (!text || this._pending) return;
      if (!this.isOpen) this.open();
      this._addUser(text);
      this._send(text, this._history.slice(-HISTORY_MAX));
    }

    _build() {
      const shadow = this.attachShadow({ mode: "open" });
      shadow.innerHTML = TEMPLATE; // constant markup only
      const cfg = this._config;
      this._root = shadow.querySelector(".fb");
      this._launcher = shadow.querySelector(".launcher");
      this._panel = shadow.querySelector(".panel");
      this._log = shadow.querySelector(".log");
      this._form = shadow.querySelector(".form");
      this._input = shadow.querySelector(".input");
      this._sendButton = shadow.querySelector(".send");

      shadow.querySelector(".title").textContent = cfg.title;
      this._launcher.setAttribute("aria-label", cfg.title);
      this._launcher.title = cfg.title;
      if (cfg.position === "left") this._root.classList.add("left");
      this._root.style.setProperty("--accent", cfg.accent);
      this._root.style.setProperty("--on-accent", textOn(this._launcher));

      this._launcher.addEventListener("click", () => this.toggle());
      shadow.querySelector(".close").addEventListener("click", () => this.close());
      this._root.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && this.isOpen) {
          event.preventDefault();
          event.stopPropagation();
          this.close();
        }
      });
      this._form.addEventListener("submit", (event) => {
        event.preventDefault();
        if (this._pending) return;
        const text = this._input.value.trim();
        if (!text) return;
        this._input.value = "";
        this.ask(text);
      });
    }

    _nextId() {
      this._count += 1;
      return `fb-m${this._count}`;
    }

    _append(node) {
      this._log.append(node);
      const log = this._log;
      const behavior = reduceMotion() ? "auto" : "smooth";
      if (node.offsetHeight > log.clientHeight - 24) {
        log.scrollTo({ top: node.offsetTop - 12, behavior });
      } else {
        log.scrollTo({ top: log.scrollHeight, behavior });
      }
    }

    _addUser(text) {
      const msg = el("div", "msg user");
      msg.append(el("span", "sr-only", "You:"));
      msg.append(el("p", "bubble", text));
      this._append(msg);
    }

    _botMessage(extraClass) {
      const msg = el("div", `msg bot${extraClass ? ` ${extraClass}` : ""}`);
      msg.id = this._nextId();
      msg.append(el("span", "sr-only", "Assistant:"));
      const bubble = el("div", "bubble");
      msg.append(bubble);
      msg.bubble = bubble;
      return msg;
    }

    _setPending(pending) {
      this._pending = pending;
      this._sendButton.setAttribute("aria-disabled", pending ? "true" : "false");
    }

    async _send(question, history) {
      this._setPending(true);
      const typing = this._botMessage("typing");
      typing.bubble.append(el("span", "sr-only", "Answering…"));
      for (let i = 0; i < 3; i += 1) typing.bubble.append(el("span", "dot"));
      this._append(typing);

      let response = null;
      let body = null;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
      try {
        response = await fetch(`${this._config.api}/api/ask`, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            // Lets the question log tell widget questions from other API callers.
            "X-Faqbot-Surface": "widget",
          },
          body: JSON.stringify({ question, history }),
          credentials: "omit",
          signal: controller.signal,
        });
        body = await response.json().catch(() => null);
      } catch (_) {
        response = null;
      } finally {
        clearTimeout(timer);
      }
      typing.remove();
      this._setPending(false);

      if (response && response.ok && body && typeof body.answer === "string") {
        this._history.push(question);
        this._history = this._history.slice(-HISTORY_MAX);
        this._renderAnswer(body);
      } else if (response && response.status === 422) {
        this._renderError(validationMessage(body), null);
      } else {
        this._renderError(MSG_UNREACHABLE, () => this._send(question, history));
      }
    }

    _renderAnswer(data) {
      const msg = this._botMessage(data.answered ? "answered" : "unanswered");
      const sources = Array.isArray(data.sources) ? data.sources.filter(Boolean) : [];
      const items = [];
      const text = el("p", "answer-text");
      this._appendCited(text, str(data.answer), sources, items);
      msg.bubble.append(text);

      if (data.answered && sources.length) {
        const labelId = `${msg.id}-sources`;
        const label = el("p", "sources-label", "Sources");
        label.id = labelId;
        const list = el("ol", "sources");
        list.setAttribute("aria-labelledby", labelId);
        sources.forEach((source, i) => {
          const item = el("li", "source");
          item.tabIndex = -1;
          item.append(el("span", "source-num", i + 1));
          const title = el("span", "source-title", str(source.title) || "Source");
          if (str(source.section)) {
            title.append(el("span", "source-section", ` › ${str(source.section)}`));
          }
          item.append(title);
          item.append(el("span", "source-text", truncate(source.text, SNIPPET_MAX)));
          list.append(item);
          items.push(item);
        });
        msg.bubble.append(label, list);
      }

      if (data.answered && typeof data.answer_id === "string" && data.answer_id) {
        msg.append(this._feedback(data.answer_id));
      }

      const suggestions = (Array.isArray(data.suggestions) ? data.suggestions : [])
        .map(str)
        .filter((s) => s.trim())
        .slice(0, SUGGESTIONS_MAX);
      if (suggestions.length) {
        const labelId = `${msg.id}-chips`;
        const label = el("p", "chips-label", data.answered ? "Related questions" : "Try asking");
        label.id = labelId;
        const chips = el("div", "chips");
        chips.setAttribute("role", "group");
        chips.setAttribute("aria-labelledby", labelId);
        for (const suggestion of suggestions) {
          const chip = el("button", "chip", suggestion);
          chip.type = "button";
          chip.addEventListener("click", () => {
            if (this._pending) return;
            this.ask(suggestion);
            this._input.focus();
          });
          chips.append(chip);
        }
        msg.append(label, chips);
      }
      this._append(msg);
    }

    /** Helpful / Not helpful toggle buttons for one answer, with a status line. */
    _feedback(answerId) {
      const group = el("div", "feedback");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Was this answer helpful?");
      const status = el("p", "feedback-status");
      status.setAttribute("role", "status");
      const state = { vote: null, sending: false };
      const buttons = [];
      const makeButton = (helpful, label, icon) => {
        const button = el("button", "vote");
        button.type = "button";
        button.innerHTML = icon; // a constant SVG icon, never user or answer text
        button.setAttribute("aria-label", label);
        button.title = label;
        button.setAttribute("aria-pressed", "false");
        button.dataset.helpful = helpful ? "true" : "false";
        button.addEventListener("click", () => this._vote(answerId, helpful, state, buttons, status));
        buttons.push(button);
        return button;
      };
      group.append(
        makeButton(true, "Helpful", ICON_THUMB_UP),
        makeButton(false, "Not helpful", ICON_THUMB_DOWN),
        status,
      );
      return group;
    }

    async _vote(answerId, helpful, state, buttons, status) {
      if (state.sending || state.vote === helpful) return; // a repeat of the same vote: nothing to do
      state.sending = true;
      for (const b of buttons) b.setAttribute("aria-disabled", "true");
      let ok = false;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
      try {
        const response = await fetch(`${this._config.api}/api/feedback`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({ answer_id: answerId, helpful, client_id: clientId() }),
          credentials: "omit",
          signal: controller.signal,
        });
        ok = response.ok;
      } catch (_) {
        ok = false;
      } finally {
        clearTimeout(timer);
      }
      state.sending = false;
      for (const b of buttons) b.removeAttribute("aria-disabled");
      if (ok) {
        state.vote = helpful;
        for (const b of buttons) {
          b.setAttribute("aria-pressed", String(b.dataset.helpful === String(helpful)));
        }
      }
      status.classList.toggle("failed", !ok);
      status.textContent = ok ? MSG_THANKS : MSG_FEEDBACK_FAILED;
    }

    /** Answer text with each valid [n] marker turned into a button pointing at source n. */
    _appendCited(parent, text, sources, items) {
      const marker = /\[(\d{1,3})\]/g;
      let last = 0;
      for (const match of text.matchAll(marker)) {
        const n = Number(match[1]);
        if (n < 1 || n > sources.length) continue; // not a citation: leave it as text
        if (match.index > last) parent.append(document.createTextNode(text.slice(last, match.index)));
        const cite = el("button", "cite", n);
        cite.type = "button";
        const title = str(sources[n - 1].title);
        cite.setAttribute("aria-label", title ? `Source ${n}: ${title}` : `Source ${n}`);
        cite.title = title;
        cite.addEventListener("click", () => {
          const item = items[n - 1];
          if (!item) return;
          item.scrollIntoView({ block: "nearest", behavior: reduceMotion() ? "auto" : "smooth" });
          item.focus({ preventScroll: true });
          item.classList.add("flash");
          setTimeout(() => item.classList.remove("flash"), 1400);
        });
        parent.append(cite);
        last = match.index + match[0].length;
      }
      if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
    }

    _renderError(message, retry) {
      const msg = this._botMessage("error");
      msg.bubble.append(el("p", "answer-text", message));
      if (retry) {
        const button = el("button", "retry", "Retry");
        button.type = "button";
        button.addEventListener("click", () => {
          if (this._pending) return;
          msg.remove();
          this._input.focus();
          retry();
        });
        msg.append(button);
      }
      this._append(msg);
    }
  }

  window.customElements.define(TAG, FaqbotWidget);

  function mount() {
    if (document.querySelector(TAG)) return;
    const widget = document.createElement(TAG);
    widget.config = readConfig(SCRIPT ? SCRIPT.dataset : null);
    document.body.append(widget);
  }

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount, { once: true });
})();
