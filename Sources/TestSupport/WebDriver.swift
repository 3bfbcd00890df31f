import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// A small W3C WebDriver client for the browser tests of the web pages that `kaisei serve`
// renders for counter staff.
//
// Why its own client: the tests drive Debian's own headless Chromium through Debian's
// chromedriver (both from apt, /usr/bin/chromium and /usr/bin/chromedriver), and there is no
// Selenium (or any WebDriver) package for Swift. The protocol is JSON over HTTP on loopback,
// so this file is a thin layer over `LoopbackHTTPClient`: the same client the server's own
// tests use, no dependency added to the package. Only what the tests need is here: sessions,
// navigation, finding and driving elements, keyboard actions, scripts and screenshots.

/// A WebDriver command that failed: the `error` code and `message` of the WebDriver error
/// (https://www.w3.org/TR/webdriver2/#errors), or a transport failure (`error` "transport").
public struct WebDriverError: Error, CustomStringConvertible, Sendable {
    /// The WebDriver error code: "no such element", "javascript error", "timeout", …
    public let error: String
    public let message: String
    /// The HTTP status of the answer (0 when there was none).
    public let status: Int
    /// The command, as "METHOD /path".
    public let command: String

    public init(error: String, message: String, status: Int = 0, command: String = "") {
        self.error = error
        self.message = message
        self.status = status
        self.command = command
    }

    public var description: String {
        var s = "WebDriver error \"\(error)\""
        if !command.isEmpty { s += " (\(command)" + (status > 0 ? ", HTTP \(status)" : "") + ")" }
        if !message.isEmpty { s += ": " + message }
        return s
    }
}

/// The W3C key of an element reference in JSON.
private let elementKey = "element-6066-11e4-a52e-4f735466cecf"

/// Sends one WebDriver command and returns its `value` (nil for JSON null). POST commands
/// always carry a JSON body (`{}` when none is given), as the protocol requires.
private func webDriverCommand(_ client: LoopbackHTTPClient, _ method: String, _ path: String, _ body: [String: Any]?) throws -> Any? {
    let label = "\(method) \(path)"
    let payload: Any?
    if let body {
        payload = body
    } else if method == "POST" {
        payload = [String: Any]()
    } else {
        payload = nil
    }
    let response: LoopbackResponse
    do {
        response = try client.json(method, path, payload)
    } catch let e as LoopbackHTTPError {
        throw WebDriverError(error: "transport", message: e.description, command: label)
    } catch {
        throw WebDriverError(error: "transport", message: "\(error)", command: label)
    }
    let parsed = (try? response.json()) as? [String: Any]
    let value = parsed?["value"]
    guard response.status == 200 else {
        let details = value as? [String: Any]
        let code = (details?["error"] as? String) ?? "unknown error"
        let message = (details?["message"] as? String) ?? String(response.text.prefix(500))
        throw WebDriverError(error: code, message: message, status: response.status, command: label)
    }
    guard let value, !(value is NSNull) else { return nil }
    return value
}

/// A JSON boolean as Foundation decodes it (Bool or NSNumber).
private func jsonBool(_ value: Any?) -> Bool? {
    if let b = value as? Bool { return b }
    if let n = value as? NSNumber { return n.boolValue }
    return nil
}

/// A chromedriver child process on a free loopback port. Stop it with `stop()` (or let it go:
/// `deinit` stops it); sessions still open are deleted first so no Chromium is left behind.
public final class ChromeDriver: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let client: LoopbackHTTPClient
    private let lock = NSLock()
    private var openSessions: Set<String> = []
    private var stopped = false

    /// chromedriver and chromium are both installed (in /usr/bin or on PATH).
    public static func available() -> Bool {
        chromedriverPath != nil && chromiumPath != nil
    }

    /// /usr/bin/chromedriver, else the first `chromedriver` on PATH.
    public static var chromedriverPath: String? { executable(named: "chromedriver") }

    /// /usr/bin/chromium, else the first `chromium` on PATH.
    public static var chromiumPath: String? { executable(named: "chromium") }

    static func executable(named name: String) -> String? {
        let fm = FileManager.default
        let standard = "/usr/bin/" + name
        if fm.isExecutableFile(atPath: standard) { return standard }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = String(dir) + "/" + name
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Starts `chromedriver --port=PORT` and waits (20 s at most) until `GET /status` says
    /// `ready`. A chromedriver that exits at once (its port taken since `freePort()`) is
    /// started again on another port, up to three times.
    public init() throws {
        guard let driverPath = Self.chromedriverPath else {
            throw WebDriverError(error: "session not created", message: "chromedriver is not installed (apt install chromium-driver)")
        }
        guard Self.chromiumPath != nil else {
            throw WebDriverError(error: "session not created", message: "chromium is not installed (apt install chromium)")
        }
        let (process, port) = try Self.launch(driverPath)
        self.process = process
        self.port = port
        // Creating a session starts Chromium, which can take a while on a loaded machine.
        self.client = LoopbackHTTPClient(port: port, timeout: 120)
    }

    deinit { stop() }

    private static func launch(_ driverPath: String) throws -> (Process, Int) {
        var problem = ""
        for _ in 0..<3 {
            let port = LoopbackHTTPClient.freePort()
            let p = Process()
            p.executableURL = URL(fileURLWithPath: driverPath)
            p.arguments = ["--port=\(port)"]
            p.standardInput = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            let deadline = Date().addingTimeInterval(20)
            while true {
                let probe = LoopbackHTTPClient(port: port, timeout: 2)
                if let r = try? probe.request("GET", "/status"), r.status == 200,
                   let object = (try? r.json()) as? [String: Any],
                   let value = object["value"] as? [String: Any],
                   jsonBool(value["ready"]) == true {
                    return (p, port)
                }
                probe.disconnect()
                if !p.isRunning {
                    problem = "chromedriver exited with status \(p.terminationStatus) before it was ready (port \(port))"
                    break
                }
                if Date() >= deadline {
                    end(p)
                    throw WebDriverError(error: "timeout", message: "chromedriver on port \(port) was not ready within 20 s")
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        throw WebDriverError(error: "session not created", message: problem)
    }

    /// SIGTERM, then SIGKILL after 5 s; waits for the exit.
    private static func end(_ p: Process) {
        guard p.isRunning else { return }
        p.terminate()
        let deadline = Date().addingTimeInterval(5)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if p.isRunning { _ = kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
    }

    /// The chromedriver process is still running.
    public var isRunning: Bool { process.isRunning }

    var isStopped: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopped
    }

    /// Deletes the sessions still open (their Chromium processes end) and terminates
    /// chromedriver. Idempotent.
    public func stop() {
        lock.lock()
        if stopped { lock.unlock(); return }
        stopped = true
        let ids = openSessions
        openSessions.removeAll()
        lock.unlock()
        if process.isRunning && !ids.isEmpty {
            let cleanup = LoopbackHTTPClient(port: port, timeout: 10)
            for id in ids { _ = try? cleanup.request("DELETE", "/session/\(id)") }
        }
        Self.end(process)
    }

    /// A new browser session (one headless Chromium) with its window set to `width`×`height`.
    /// `extraArguments` are appended to Chromium's command line.
    public func newSession(width: Int = 1366, height: Int = 768, extraArguments: [String] = []) throws -> BrowserSession {
        if isStopped { throw WebDriverError(error: "session not created", message: "chromedriver was stopped") }
        return try BrowserSession(driver: self, width: width, height: height, extraArguments: extraArguments)
    }

    func register(_ session: String) {
        lock.lock(); defer { lock.unlock() }
        openSessions.insert(session)
    }

    func forget(_ session: String) {
        lock.lock(); defer { lock.unlock() }
        openSessions.remove(session)
    }
}

/// Another name for an element of a page, for code outside `BrowserSession`.
public typealias WebElement = BrowserSession.Element

/// One WebDriver session: one headless Chromium window. Every method is one or a few blocking
/// WebDriver commands and throws `WebDriverError` when one fails. `quit()` ends it (`deinit`
/// does so best-effort).
public final class BrowserSession: @unchecked Sendable {
    /// The WebDriver session id.
    public let id: String
    public let driver: ChromeDriver
    public let width: Int
    public let height: Int
    private let client: LoopbackHTTPClient
    private let lock = NSLock()
    private var closed = false

    /// Key values for `pressKeys` (WebDriver's code points in the Private Use Area).
    public static let tab = "\u{E004}"
    public static let enter = "\u{E007}"
    public static let shift = "\u{E008}"
    public static let escape = "\u{E00C}"
    public static let backspace = "\u{E003}"
    public static let arrowLeft = "\u{E012}"
    public static let arrowUp = "\u{E013}"
    public static let arrowRight = "\u{E014}"
    public static let arrowDown = "\u{E015}"

    init(driver: ChromeDriver, width: Int, height: Int, extraArguments: [String]) throws {
        let client = LoopbackHTTPClient(port: driver.port, timeout: 120)
        let args: [String] = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=\(width),\(height)", "--lang=ja-JP", "--force-device-scale-factor=1",
        ] + extraArguments
        let chromeOptions: [String: Any] = ["binary": ChromeDriver.chromiumPath ?? "/usr/bin/chromium", "args": args]
        let alwaysMatch: [String: Any] = ["browserName": "chrome", "goog:chromeOptions": chromeOptions]
        let capabilities: [String: Any] = ["alwaysMatch": alwaysMatch]
        let value = try webDriverCommand(client, "POST", "/session", ["capabilities": capabilities])
        guard let answer = value as? [String: Any], let sessionId = answer["sessionId"] as? String, !sessionId.isEmpty else {
            throw WebDriverError(error: "session not created", message: "no sessionId in the answer: \(String(describing: value))", command: "POST /session")
        }
        self.id = sessionId
        self.driver = driver
        self.width = width
        self.height = height
        self.client = client
        driver.register(sessionId)
        do {
            try command("POST", "\(base)/window/rect", ["width": width, "height": height])
        } catch {
            try? quit()
            throw error
        }
    }

    deinit { try? quit() }

    var base: String { "/session/\(id)" }

    /// One command of this session; the answer's `value` (nil for JSON null).
    @discardableResult
    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Any? {
        try webDriverCommand(client, method, path, body)
    }

    func string(_ method: String, _ path: String) throws -> String {
        let value = try command(method, path)
        return (value as? String) ?? ""
    }

    // MARK: Navigation

    public func navigate(_ url: String) throws {
        try command("POST", "\(base)/url", ["url": url])
    }

    public func currentURL() throws -> String { try string("GET", "\(base)/url") }

    public func title() throws -> String { try string("GET", "\(base)/title") }

    public func pageSource() throws -> String { try string("GET", "\(base)/source") }

    // MARK: Elements

    /// The first element matching the CSS selector; throws "no such element" when none does.
    public func find(_ css: String) throws -> Element {
        let value: Any?
        do {
            value = try command("POST", "\(base)/element", ["using": "css selector", "value": css])
        } catch let e as WebDriverError {
            throw WebDriverError(error: e.error, message: "\(css): \(e.message)", status: e.status, command: e.command)
        }
        guard let found = self.element(from: value) else {
            throw WebDriverError(error: "no such element", message: "\(css): no element reference in the answer")
        }
        return found
    }

    /// Every element matching the CSS selector, in document order (empty when none does).
    public func findAll(_ css: String) throws -> [Element] {
        let value = try command("POST", "\(base)/elements", ["using": "css selector", "value": css])
        guard let list = value as? [Any] else { return [] }
        return list.compactMap { self.element(from: $0) }
    }

    /// Some element matches the CSS selector.
    public func exists(_ css: String) throws -> Bool {
        let all = try findAll(css)
        return !all.isEmpty
    }

    /// Polls every 50 ms until an element matches the selector; throws "timeout" after `timeout` s.
    public func waitFor(_ css: String, timeout: Double = 5) throws -> Element {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let first = try findAll(css).first { return first }
            if Date() >= deadline {
                throw WebDriverError(error: "timeout", message: "no element matched \(css) within \(timeout) s (at \((try? currentURL()) ?? "?"))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Polls every 50 ms until `condition` holds; throws "timeout" naming `what` after `timeout` s.
    public func waitUntil(_ what: String, timeout: Double = 5, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if try condition() { return }
            if Date() >= deadline {
                throw WebDriverError(error: "timeout", message: "\(what): not within \(timeout) s (at \((try? currentURL()) ?? "?"))")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The element that has the focus (the body when none has).
    public func activeElement() throws -> Element {
        let value = try command("GET", "\(base)/element/active")
        guard let found = self.element(from: value) else {
            throw WebDriverError(error: "no such element", message: "no active element", command: "GET \(base)/element/active")
        }
        return found
    }

    /// The focused element as `tag#id.class "text…"`, for assertion messages.
    public func activeElementDescription() throws -> String {
        let value = try executeScript(Self.describeScript)
        return (value as? String) ?? "(none)"
    }

    func element(from value: Any?) -> Element? {
        guard let reference = value as? [String: Any], let elementId = reference[elementKey] as? String else { return nil }
        return Element(id: elementId, session: self)
    }

    /// `arguments[0]` (or the focused element) as `tag#id.class "text…"`.
    static let describeScript = #"""
        const e = arguments[0] || document.activeElement;
        if (!e) return '(none)';
        let s = e.tagName.toLowerCase();
        if (e.id) s += '#' + e.id;
        const cls = (e.getAttribute('class') || '').trim();
        if (cls) s += '.' + cls.split(/\s+/).join('.');
        const name = e.getAttribute('name');
        if (name) s += '[name=' + name + ']';
        const toggle = e.tagName === 'INPUT' && (e.type === 'checkbox' || e.type === 'radio');
        const value = toggle ? (e.checked ? '(checked)' : '') : e.value;
        const raw = e.innerText || value || e.getAttribute('aria-label') || e.getAttribute('title') || '';
        const t = String(raw).replace(/\s+/g, ' ').trim();
        if (t) s += ' "' + (t.length > 40 ? t.slice(0, 40) + '…' : t) + '"';
        return s;
        """#

    /// An element of the page: its WebDriver reference and the session it belongs to.
    public struct Element: Sendable, Equatable, CustomStringConvertible {
        public let id: String
        public let session: BrowserSession

        public static func == (lhs: Element, rhs: Element) -> Bool {
            lhs.id == rhs.id && lhs.session === rhs.session
        }

        public var description: String { "element \(id)" }

        var path: String { "\(session.base)/element/\(id)" }

        public func click() throws {
            try session.command("POST", "\(path)/click")
        }

        public func clear() throws {
            try session.command("POST", "\(path)/clear")
        }

        /// Types `text` into the element (WebDriver key code points such as `BrowserSession.enter` allowed).
        public func sendKeys(_ text: String) throws {
            try session.command("POST", "\(path)/value", ["text": text])
        }

        /// The rendered text (innerText as WebDriver defines it).
        public func text() throws -> String {
            try session.string("GET", "\(path)/text")
        }

        /// The attribute's value, nil when the element has no such attribute.
        public func attribute(_ name: String) throws -> String? {
            let value = try session.command("GET", "\(path)/attribute/\(LoopbackHTTPClient.percentEncode(name))")
            if let s = value as? String { return s }
            if let value { return "\(value)" }
            return nil
        }

        /// The DOM property's value as JSON decodes it (String, NSNumber/Bool, arrays,
        /// dictionaries, `Element`), nil for null or undefined.
        public func property(_ name: String) throws -> Any? {
            let value = try session.command("GET", "\(path)/property/\(LoopbackHTTPClient.percentEncode(name))")
            guard let value else { return nil }
            return session.decode(value)
        }

        /// The tag name, lower-case for HTML.
        public func tagName() throws -> String {
            try session.string("GET", "\(path)/name")
        }

        /// The element is enabled (not disabled).
        public func isEnabled() throws -> Bool {
            let value = try session.command("GET", "\(path)/enabled")
            return jsonBool(value) ?? false
        }

        /// The computed value of a CSS property.
        public func cssValue(_ property: String) throws -> String {
            try session.string("GET", "\(path)/css/\(LoopbackHTTPClient.percentEncode(property))")
        }

        /// `tag#id.class "text…"`, for assertion messages.
        public func describe() throws -> String {
            let value = try session.executeScript(BrowserSession.describeScript, [self])
            return (value as? String) ?? "(none)"
        }
    }

    // MARK: Keyboard

    /// Presses and releases each key in turn (a string of several characters is pressed one
    /// character at a time) through the actions API, then releases all keys.
    public func pressKeys(_ keys: [String]) throws {
        var actions: [[String: Any]] = []
        for key in keys {
            for character in key {
                let value = String(character)
                actions.append(["type": "keyDown", "value": value])
                actions.append(["type": "keyUp", "value": value])
            }
        }
        try performKeyActions(actions)
    }

    /// Shift+Tab: focus moves backwards.
    public func pressShiftTab() throws {
        try performKeyActions([
            ["type": "keyDown", "value": Self.shift],
            ["type": "keyDown", "value": Self.tab],
            ["type": "keyUp", "value": Self.tab],
            ["type": "keyUp", "value": Self.shift],
        ])
    }

    func performKeyActions(_ actions: [[String: Any]]) throws {
        guard !actions.isEmpty else { return }
        let source: [String: Any] = ["type": "key", "id": "keyboard", "actions": actions]
        try command("POST", "\(base)/actions", ["actions": [source]])
        try command("DELETE", "\(base)/actions")
    }

    // MARK: Scripts

    /// Runs `script` as the body of a function (`return` gives the value; `arguments[i]` are
    /// `args`, where an `Element` is passed as the page's element). The value as JSON decodes
    /// it, with element references turned into `Element`s; nil for null or undefined.
    @discardableResult
    public func executeScript(_ script: String, _ args: [Any] = []) throws -> Any? {
        let encoded: [Any] = args.map { self.encode($0) }
        let value = try command("POST", "\(base)/execute/sync", ["script": script, "args": encoded])
        guard let value else { return nil }
        return decode(value)
    }

    func encode(_ value: Any) -> Any {
        if let element = value as? Element { return [elementKey: element.id] }
        if let list = value as? [Any] { return list.map { self.encode($0) } }
        if let object = value as? [String: Any] { return object.mapValues { self.encode($0) } }
        return value
    }

    func decode(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            if object.count == 1, let elementId = object[elementKey] as? String { return Element(id: elementId, session: self) }
            return object.mapValues { self.decode($0) }
        }
        if let list = value as? [Any] { return list.map { self.decode($0) } }
        return value
    }

    // MARK: Screenshots

    /// The visible part of the page as PNG bytes.
    public func screenshot() throws -> [UInt8] {
        let encoded = try string("GET", "\(base)/screenshot")
        guard let data = Data(base64Encoded: encoded, options: [.ignoreUnknownCharacters]) else {
            throw WebDriverError(error: "unknown error", message: "the screenshot is not base64", command: "GET \(base)/screenshot")
        }
        return [UInt8](data)
    }

    /// Where test artifacts go: `$KAISEI_ARTIFACTS`, else `<package root>/.build/test-artifacts`.
    public static var artifactsDirectory: URL {
        if let env = ProcessInfo.processInfo.environment["KAISEI_ARTIFACTS"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build", isDirectory: true).appendingPathComponent("test-artifacts", isDirectory: true)
    }

    /// Writes a screenshot to `<artifacts>/screenshots/NAME.png` (NAME with characters other
    /// than letters, digits, `-`, `_` and `.` replaced by `_`) and returns its URL; nil when
    /// the screenshot or the file could not be made. Never throws: it is meant for the moment
    /// a test fails.
    @discardableResult
    public func saveScreenshot(name: String) -> URL? {
        guard let png = try? screenshot(), !png.isEmpty else { return nil }
        let directory = Self.artifactsDirectory.appendingPathComponent("screenshots", isDirectory: true)
        let stem = name.hasSuffix(".png") ? String(name.dropLast(4)) : name
        let safe = String(stem.map { c -> Character in (c.isLetter || c.isNumber || c == "-" || c == "_" || c == ".") ? c : "_" })
        let url = directory.appendingPathComponent((safe.isEmpty ? "screenshot" : safe) + ".png")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(png).write(to: url)
            return url
        } catch {
            return nil
        }
    }

    // MARK: End

    /// Deletes the session (its Chromium ends). Idempotent; nothing is sent once the driver
    /// was stopped (it deleted the session itself).
    public func quit() throws {
        lock.lock()
        if closed { lock.unlock(); return }
        closed = true
        lock.unlock()
        defer { driver.forget(id) }
        if driver.isStopped { return }
        try command("DELETE", base)
    }
}

extension BrowserSession {
    /// The page printed to PDF by the browser (WebDriver's Print Page: A4, backgrounds on), as
    /// a clerk's Ctrl+P would; the bytes of the PDF.
    public func printPDF() throws -> [UInt8] {
        let value = try command("POST", "\(base)/print", ["page": ["width": 21.0, "height": 29.7], "background": true])
        guard let b64 = value as? String, let data = Data(base64Encoded: b64) else {
            throw WebDriverError(error: "print", message: "the browser gave no PDF")
        }
        return [UInt8](data)
    }
}

extension BrowserSession {
    /// The value of one of the page's cookies, HttpOnly ones included (WebDriver's Get Named
    /// Cookie), or nil when the browser holds none of that name.
    public func cookie(named name: String) throws -> String? {
        do {
            let value = try command("GET", "\(base)/cookie/\(name)")
            return (value as? [String: Any])?["value"] as? String
        } catch let e as WebDriverError where e.error == "no such cookie" {
            return nil
        }
    }
}
