import Foundation

// Checks of a rendered page for the browser tests of the web pages that `kaisei serve` renders
// for counter staff: Debian's headless Chromium, driven through chromedriver by the WebDriver
// client in WebDriver.swift (there is no Selenium package for Swift). Each check runs a script
// in the page (`BrowserSession.executeScript`) and returns its findings as messages, empty when
// the page is fine, so a test reads `XCTAssertEqual(PageChecks.tofu(s), [])` and a failure
// names every problem at once. A check whose script cannot run returns one message saying so
// (never an empty list), so a broken check fails the test instead of passing it.

public enum PageChecks {
    /// The page scrolls sideways: `documentElement.scrollWidth` (or `body.scrollWidth`) exceeds
    /// the viewport's `clientWidth` by more than 1 px. One message with the widths and the
    /// (up to three) elements reaching furthest right, as `tag#id.class (right edge N px)`;
    /// elements inside an ancestor that clips or scrolls horizontally are not blamed (that
    /// ancestor is, when it overflows itself).
    public static func horizontalOverflow(_ s: BrowserSession) -> [String] {
        run("horizontalOverflow", s, horizontalOverflowScript)
    }

    /// Characters of the page's text that no installed font can draw ("tofu").
    ///
    /// The heuristic: every distinct non-ASCII character of `document.body.innerText` (at most
    /// 2000; whitespace, U+3000, control, format and combining characters skipped, since they
    /// legitimately draw nothing) is drawn on a canvas in the body's computed font family at
    /// 24 px, and so is U+0378, a code point that is unassigned and so in no font. When no font
    /// has a character, Chromium falls back to the same missing glyph (.notdef, the box) as for
    /// U+0378; so a character whose bitmap is pixel for pixel the same as U+0378's, and whose
    /// `measureText` width is the same, is reported as `tofu: X (U+XXXX)`. Text set in another
    /// font family than the body's (a `<code>` in monospace, say) is checked in the body's.
    public static func tofu(_ s: BrowserSession) -> [String] {
        run("tofu", s, tofuScript)
    }

    /// Form controls without an accessible name: every `input` (but hidden, submit, button,
    /// reset and image), `select` and `textarea` needs a `<label for=id>` or an enclosing
    /// `<label>` with text of its own, a non-empty `aria-label`, or an `aria-labelledby` naming
    /// an element with text. One message per control without, describing it and why.
    public static func unlabelledInputs(_ s: BrowserSession) -> [String] {
        run("unlabelledInputs", s, unlabelledInputsScript)
    }

    /// Text below the WCAG 2.x contrast `minimum`: for every visible element with a non-blank
    /// text node of its own, the contrast ratio of its computed `color` against its effective
    /// background (the `background-color`s of it and its ancestors up to the first opaque one,
    /// composited over white; alpha blended; background images, `opacity` and large-text
    /// relaxations are not taken into account). Messages like
    /// `td.amount '１２,３００円': ratio 3.21 (#777777 on #ffffff)`, elements alike (same
    /// tag, classes and colours) counted once with `×N`; at most 20 messages.
    public static func lowContrast(_ s: BrowserSession, minimum: Double = 4.5) -> [String] {
        run("lowContrast", s, lowContrastScript, [minimum])
    }

    /// The size of the page's HTML in bytes.
    public static func pageWeight(html: [UInt8]) -> Int {
        html.count
    }

    /// Anything the page refers to or loaded from another origin over http or https: `<script
    /// src>`, `<link href>`, `<img src>`/`srcset` and other media, `url()` in style sheets and
    /// style attributes, and every entry of the Resource Timing buffer (what was actually
    /// fetched, fonts and script fetches included). The pages must load no external assets.
    public static func externalResources(_ s: BrowserSession) -> [String] {
        run("externalResources", s, externalResourcesScript)
    }

    // MARK: Running a check

    /// Runs a script that returns an array of strings.
    private static func run(_ name: String, _ s: BrowserSession, _ script: String, _ args: [Any] = []) -> [String] {
        let result: Any?
        do {
            result = try s.executeScript(script, args)
        } catch {
            return ["\(name): the check could not run: \(error)"]
        }
        guard let list = result as? [Any] else {
            return ["\(name): the check's script returned \(String(describing: result)), not a list"]
        }
        return list.map { ($0 as? String) ?? String(describing: $0) }
    }

    // MARK: The scripts

    private static let horizontalOverflowScript = #"""
        const de = document.documentElement;
        const body = document.body;
        const viewport = de.clientWidth;
        const docWidth = de.scrollWidth;
        const bodyWidth = body ? body.scrollWidth : 0;
        if (docWidth <= viewport + 1 && bodyWidth <= viewport + 1) return [];
        const describe = (e) => {
          let s = e.tagName.toLowerCase();
          if (e.id) s += '#' + e.id;
          const cls = (e.getAttribute('class') || '').trim();
          if (cls) s += '.' + cls.split(/\s+/).join('.');
          return s;
        };
        const clipped = (e) => {
          for (let a = e.parentElement; a && a !== body && a !== de; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
          }
          return false;
        };
        const offenders = [];
        if (body) {
          for (const e of body.querySelectorAll('*')) {
            const r = e.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            const right = r.right + window.scrollX;
            if (right <= viewport + 1) continue;
            if (clipped(e)) continue;
            offenders.push({ right: right, e: e });
          }
        }
        offenders.sort((a, b) => b.right - a.right);
        const widest = offenders.slice(0, 3).map(o => describe(o.e) + ' (right edge ' + Math.round(o.right) + ' px)');
        return ['horizontal overflow: the page scrolls sideways in a ' + viewport + ' px wide viewport'
          + ' (documentElement.scrollWidth ' + docWidth + ' px, body.scrollWidth ' + bodyWidth + ' px); widest: '
          + (widest.length ? widest.join(', ') : 'no single element (margins, transforms or pseudo-elements?)')];
        """#

    private static let tofuScript = #"""
        const body = document.body;
        if (!body) return [];
        const text = body.innerText || '';
        const skip = /[\s\u3000\p{Z}\p{Cc}\p{Cf}\p{Mn}\p{Me}]/u;
        const seen = new Set();
        const chars = [];
        for (const ch of text) {
          if (ch.codePointAt(0) < 0x80 || seen.has(ch)) continue;
          seen.add(ch);
          if (skip.test(ch)) continue;
          chars.push(ch);
          if (chars.length >= 2000) break;
        }
        if (chars.length === 0) return [];
        const canvas = document.createElement('canvas');
        canvas.width = 64;
        canvas.height = 48;
        const ctx = canvas.getContext('2d', { willReadFrequently: true });
        ctx.font = '24px ' + getComputedStyle(body).fontFamily;
        ctx.textBaseline = 'alphabetic';
        ctx.fillStyle = '#000';
        const draw = (ch) => {
          ctx.clearRect(0, 0, canvas.width, canvas.height);
          ctx.fillText(ch, 8, 34);
          return { width: ctx.measureText(ch).width, pixels: ctx.getImageData(0, 0, canvas.width, canvas.height).data };
        };
        const same = (a, b) => {
          if (Math.abs(a.width - b.width) > 0.01) return false;
          const p = a.pixels, q = b.pixels;
          if (p.length !== q.length) return false;
          for (let i = 0; i < p.length; i++) if (p[i] !== q[i]) return false;
          return true;
        };
        const notdef = draw('\u0378');
        const out = [];
        for (const ch of chars) {
          if (same(draw(ch), notdef)) {
            out.push('tofu: ' + ch + ' (U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0') + ')');
          }
        }
        return out;
        """#

    private static let unlabelledInputsScript = #"""
        const describe = (e) => {
          let s = e.tagName.toLowerCase();
          if (e.tagName === 'INPUT') s += '[type=' + e.type + ']';
          if (e.id) s += '#' + e.id;
          const cls = (e.getAttribute('class') || '').trim();
          if (cls) s += '.' + cls.split(/\s+/).join('.');
          const name = e.getAttribute('name');
          if (name) s += '[name=' + name + ']';
          return s;
        };
        const ownText = (label) => {
          const copy = label.cloneNode(true);
          copy.querySelectorAll('input, select, textarea, button').forEach(x => x.remove());
          return (copy.textContent || '').trim();
        };
        const skipped = ['hidden', 'submit', 'button', 'reset', 'image'];
        const out = [];
        for (const e of document.querySelectorAll('input, select, textarea')) {
          if (e.tagName === 'INPUT' && skipped.includes(e.type)) continue;
          if ((e.getAttribute('aria-label') || '').trim()) continue;
          const labelledby = (e.getAttribute('aria-labelledby') || '').trim();
          if (labelledby && labelledby.split(/\s+/).some(id => {
            const t = document.getElementById(id);
            return t && (t.textContent || '').trim();
          })) continue;
          const labels = Array.from(e.labels || []);
          if (labels.some(l => ownText(l))) continue;
          let why = 'no <label for>, no enclosing <label>, no aria-label, no aria-labelledby';
          if (labels.length) why = 'its <label> has no text';
          else if (labelledby) why = 'aria-labelledby="' + labelledby + '" names no element with text';
          out.push(describe(e) + ': no accessible name (' + why + ')');
        }
        return out;
        """#

    private static let lowContrastScript = #"""
        const minimum = Number(arguments[0]) || 4.5;
        const body = document.body;
        if (!body) return [];
        const parse = (c) => {
          const m = /rgba?\(([^)]*)\)/.exec(c || '');
          if (!m) return null;
          const parts = m[1].split(/[\s,\/]+/).filter(x => x.length);
          if (parts.length < 3) return null;
          let a = 1;
          if (parts.length > 3) {
            a = parseFloat(parts[3]);
            if (parts[3].endsWith('%')) a = a / 100;
            if (isNaN(a)) a = 1;
          }
          return { r: parseFloat(parts[0]), g: parseFloat(parts[1]), b: parseFloat(parts[2]), a: a };
        };
        const over = (top, bottom) => ({
          r: top.r * top.a + bottom.r * (1 - top.a),
          g: top.g * top.a + bottom.g * (1 - top.a),
          b: top.b * top.a + bottom.b * (1 - top.a),
          a: 1
        });
        const background = (e) => {
          const layers = [];
          for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
            const c = parse(getComputedStyle(n).backgroundColor);
            if (c && c.a > 0) {
              layers.push(c);
              if (c.a >= 1) break;
            }
          }
          let bg = { r: 255, g: 255, b: 255, a: 1 };
          for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
          return bg;
        };
        const channel = (v) => {
          const c = v / 255;
          return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        };
        const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
        const hex = (c) => '#' + [c.r, c.g, c.b]
          .map(v => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, '0')).join('');
        const visible = (e) => {
          if (typeof e.checkVisibility === 'function'
              && !e.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
          return e.getClientRects().length > 0;
        };
        const describe = (e) => {
          let s = e.tagName.toLowerCase();
          const cls = (e.getAttribute('class') || '').trim();
          if (cls) s += '.' + cls.split(/\s+/).join('.');
          return s;
        };
        const ignored = ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE'];
        const groups = new Map();
        for (const e of [body, ...body.querySelectorAll('*')]) {
          if (ignored.includes(e.tagName)) continue;
          const text = Array.from(e.childNodes)
            .filter(n => n.nodeType === 3)
            .map(n => n.textContent)
            .join('')
            .replace(/\s+/g, ' ')
            .trim();
          if (!text) continue;
          if (!visible(e)) continue;
          const color = parse(getComputedStyle(e).color);
          if (!color) continue;
          const bg = background(e);
          const fg = over(color, bg);
          const l1 = luminance(fg), l2 = luminance(bg);
          const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
          if (ratio >= minimum) continue;
          const key = describe(e) + '|' + hex(fg) + '|' + hex(bg);
          const found = groups.get(key);
          if (found) { found.count += 1; continue; }
          const shown = Math.floor(ratio * 100) / 100;
          groups.set(key, {
            count: 1,
            message: describe(e) + " '" + (text.length > 30 ? text.slice(0, 30) + '…' : text) + "': ratio "
              + shown.toFixed(2) + ' (' + hex(fg) + ' on ' + hex(bg) + ')'
          });
        }
        const all = Array.from(groups.values()).map(g => g.message + (g.count > 1 ? ' ×' + g.count : ''));
        if (all.length <= 20) return all;
        return all.slice(0, 19).concat(['… and ' + (all.length - 19) + ' more below ' + minimum + ':1']);
        """#

    private static let externalResourcesScript = #"""
        const origin = location.origin;
        const found = new Set();
        const check = (kind, raw, base) => {
          if (!raw) return;
          let u;
          try { u = new URL(String(raw).trim(), base || document.baseURI); } catch (e) { return; }
          if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin !== origin) found.add(kind + ': ' + u.href);
        };
        const urlsInCSS = (css) => {
          const out = [];
          const re = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]+))\s*\)/g;
          let m;
          while ((m = re.exec(css || '')) !== null) out.push(m[1] || m[2] || m[3]);
          return out;
        };
        const tag = (e) => e.tagName.toLowerCase();
        document.querySelectorAll('script[src]').forEach(e => check('<script src>', e.getAttribute('src')));
        document.querySelectorAll('link[href]').forEach(e =>
          check('<link rel="' + (e.getAttribute('rel') || '') + '" href>', e.getAttribute('href')));
        document.querySelectorAll('img[src], iframe[src], frame[src], embed[src], video[src], audio[src], source[src], track[src], input[src]')
          .forEach(e => check('<' + tag(e) + ' src>', e.getAttribute('src')));
        document.querySelectorAll('img[srcset], source[srcset]').forEach(e =>
          (e.getAttribute('srcset') || '').split(',').forEach(part =>
            check('<' + tag(e) + ' srcset>', part.trim().split(/\s+/)[0])));
        document.querySelectorAll('object[data]').forEach(e => check('<object data>', e.getAttribute('data')));
        document.querySelectorAll('video[poster]').forEach(e => check('<video poster>', e.getAttribute('poster')));
        document.querySelectorAll('[style]').forEach(e =>
          urlsInCSS(e.getAttribute('style')).forEach(u => check('url() in the style attribute of <' + tag(e) + '>', u)));
        const sheets = (list, depth) => {
          for (const sheet of list) {
            if (sheet.href) check('style sheet', sheet.href);
            let rules;
            try { rules = sheet.cssRules; } catch (e) { continue; }
            if (!rules) continue;
            const base = sheet.href || document.baseURI;
            for (const rule of rules) {
              if (rule.styleSheet && depth < 5) sheets([rule.styleSheet], depth + 1);
              for (const u of urlsInCSS(rule.cssText)) check('url() in CSS', u, base);
            }
          }
        };
        sheets(Array.from(document.styleSheets), 0);
        for (const entry of performance.getEntriesByType('resource')) {
          check('loaded (' + entry.initiatorType + ')', entry.name);
        }
        return Array.from(found).sort();
        """#
}
