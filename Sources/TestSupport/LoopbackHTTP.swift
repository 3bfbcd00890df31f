import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// A blocking HTTP/1.1 client for `kaisei serve` on 127.0.0.1, written on POSIX sockets.
//
// Why its own client: it adds no dependency to the package (no AsyncHTTPClient, no NIO event
// loop in the tests); the server's tests and the `kaisei-bench serve` load benchmark use the
// same client, so a figure from the benchmark and a failure in a test come from the same code;
// and the server runs as a second process on loopback, exactly as it is deployed, so the tests
// see its real sockets, headers, chunking, keep-alive, cookies and shutdown, not an in-process
// shortcut. Blocking calls keep each benchmark client a plain thread with a plain clock.

#if canImport(Glibc)
private let streamSocketType = Int32(SOCK_STREAM.rawValue)
private let sendFlags = Int32(MSG_NOSIGNAL)
#else
private let streamSocketType = SOCK_STREAM
private let sendFlags: Int32 = 0
#endif

private func closeSocket(_ fd: Int32) { _ = close(fd) }

/// A transport failure: refused, reset, timed out, or an answer that is not HTTP/1.1.
public struct LoopbackHTTPError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The connection was closed by the server before any byte of the answer: an idle keep-alive
/// connection the server dropped. The request is sent again on a fresh connection.
private struct StaleConnection: Error {}

/// One HTTP answer, read to the end of its body.
public struct LoopbackResponse: Sendable {
    public let status: Int
    /// In the order received; names lower-cased, values trimmed.
    public let headers: [(String, String)]
    public let body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 (invalid bytes replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The first header of that name (any case), or nil.
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.0 == n }?.1
    }

    /// The body parsed by JSONSerialization (`[String: Any]`, `[Any]`, or a fragment).
    public func json() throws -> Any {
        try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
    }
}

/// A blocking HTTP/1.1 client for a server on loopback: one keep-alive connection per client,
/// reopened transparently when the server closed it; `Content-Length` and chunked bodies; a
/// cookie jar; 30-second send and receive timeouts so a hung server fails a test instead of
/// hanging it. One request at a time (calls from several threads are serialised by a lock);
/// give each benchmark thread its own client.
public final class LoopbackHTTPClient: @unchecked Sendable {
    public let port: Int
    public let host: String
    /// Send and receive timeout of the socket, in seconds.
    public let timeout: Double

    private let lock = NSLock()
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private var position = 0
    private var scratch = [UInt8](repeating: 0, count: 65_536)
    private var receivedAny = false
    private var jar: [String: String] = [:]
    private var opened = 0

    public init(port: Int, host: String = "127.0.0.1", timeout: Double = 30) {
        self.port = port
        self.host = host
        self.timeout = timeout
    }

    deinit { if fd >= 0 { closeSocket(fd) } }

    /// The cookies the jar holds (name → value).
    public var cookies: [String: String] {
        lock.lock(); defer { lock.unlock() }
        return jar
    }

    /// Sets (or, with nil, removes) a cookie by hand.
    public func setCookie(_ name: String, _ value: String?) {
        lock.lock(); defer { lock.unlock() }
        if let value, !value.isEmpty { jar[name] = value } else { jar.removeValue(forKey: name) }
    }

    /// How many TCP connections this client has opened (1 while keep-alive holds).
    public var connectionsOpened: Int {
        lock.lock(); defer { lock.unlock() }
        return opened
    }

    /// Closes the connection; the next request opens a new one. The cookie jar is kept.
    public func disconnect() {
        lock.lock(); defer { lock.unlock() }
        dropConnection()
    }

    /// Sends one request and reads its answer to the end. `Host`, `Content-Length` (when there
    /// is a body, or for POST, PUT and PATCH) and `Cookie` (from the jar) are added unless
    /// `headers` has them. Throws `LoopbackHTTPError` on a transport failure; any HTTP status
    /// is an answer, not an error.
    public func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> LoopbackResponse {
        lock.lock(); defer { lock.unlock() }
        let reused = fd >= 0
        do {
            return try exchange(method, path, headers, body)
        } catch is StaleConnection {
            dropConnection()
            guard reused else { throw LoopbackHTTPError("\(method) \(path): the server closed the connection without answering") }
        } catch {
            dropConnection()
            throw error
        }
        // The server had closed the idle keep-alive connection: once more, on a fresh one.
        do {
            return try exchange(method, path, headers, body)
        } catch is StaleConnection {
            dropConnection()
            throw LoopbackHTTPError("\(method) \(path): the server closed the connection without answering")
        } catch {
            dropConnection()
            throw error
        }
    }

    /// A request with a JSON body (`object` through JSONSerialization, keys sorted; no body when
    /// nil), sending `Content-Type: application/json` and `Accept: application/json`.
    public func json(_ method: String, _ path: String, _ object: Any? = nil, headers: [(String, String)] = []) throws -> LoopbackResponse {
        var h = headers
        var body: [UInt8] = []
        if let object {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed, .sortedKeys])
            body = Array(data)
        }
        if !h.contains(where: { $0.0.lowercased() == "content-type" }) { h.append(("Content-Type", "application/json")) }
        if !h.contains(where: { $0.0.lowercased() == "accept" }) { h.append(("Accept", "application/json")) }
        return try request(method, path, headers: h, body: body)
    }

    // MARK: Helpers for tests and the benchmark

    /// Polls `GET path` every 50 ms until it answers 200 (true), `timeout` seconds pass, or
    /// `stillStarting` returns false (say, the server process exited) (false).
    public static func waitUntilReady(port: Int, path: String = "/readyz", timeout: Double,
                                      stillStarting: () -> Bool = { true }) -> Bool {
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        while true {
            let remaining = timeout - elapsed()
            if remaining <= 0 { return false }
            let client = LoopbackHTTPClient(port: port, timeout: max(0.1, min(5, remaining)))
            if let r = try? client.request("GET", path), r.status == 200 { return true }
            if !stillStarting() || elapsed() >= timeout { return false }
            usleep(50_000)
        }
    }

    /// A TCP port free on 127.0.0.1 now (bound to port 0, read back, closed). Another process
    /// may take it before the server binds it; on loopback in a test run that is rare.
    public static func freePort() -> Int {
        let s = socket(AF_INET, streamSocketType, 0)
        guard s >= 0 else { return fallbackPort() }
        defer { closeSocket(s) }
        var addr = loopbackAddress(port: 0, host: "127.0.0.1")
        let bound = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return fallbackPort() }
        var out = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &out) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &length) }
        }
        guard named == 0 else { return fallbackPort() }
        let port = Int(UInt16(bigEndian: out.sin_port))
        return port > 0 ? port : fallbackPort()
    }

    private static func fallbackPort() -> Int { 20_000 + Int(getpid() % 20_000) }

    /// `s` percent-encoded for a query value or a path segment: every byte of its UTF-8 but
    /// the unreserved ASCII `A–Z a–z 0–9 - . _ ~` as `%XX`.
    public static func percentEncode(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count * 3)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%")); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: The connection

    private static func loopbackAddress(port: Int, host: String) -> sockaddr_in {
        var addr = sockaddr_in()
        #if canImport(Darwin)
        addr.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        if inet_pton(AF_INET, host, &addr.sin_addr) != 1 {
            _ = inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        }
        return addr
    }

    private func dropConnection() {
        if fd >= 0 { closeSocket(fd) }
        fd = -1
        buffer.removeAll(keepingCapacity: true)
        position = 0
    }

    private func ensureConnected() throws {
        if fd >= 0 { return }
        guard (1...65_535).contains(port) else { throw LoopbackHTTPError("port \(port) is out of range") }
        let s = socket(AF_INET, streamSocketType, 0)
        guard s >= 0 else { throw LoopbackHTTPError("socket: \(Self.errorText(errno))") }
        var one: Int32 = 1
        _ = setsockopt(s, Int32(IPPROTO_TCP), Int32(TCP_NODELAY), &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        _ = setsockopt(s, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var tv = timeval()
        let whole = max(0, timeout.rounded(.down))
        tv.tv_sec = .init(whole)
        tv.tv_usec = .init(((max(0, timeout) - whole) * 1_000_000).rounded(.down))
        if tv.tv_sec == 0 && tv.tv_usec == 0 { tv.tv_usec = 1_000 }   // zero would mean "no timeout"
        _ = setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = Self.loopbackAddress(port: port, host: host)
        let rc = withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 {
            let e = errno
            closeSocket(s)
            throw LoopbackHTTPError("connect \(host):\(port): \(Self.errorText(e))")
        }
        fd = s
        opened += 1
        buffer.removeAll(keepingCapacity: true)
        position = 0
    }

    private static func errorText(_ code: Int32) -> String {
        if code == EAGAIN || code == EWOULDBLOCK { return "timed out" }
        return String(cString: strerror(code)) + " (errno \(code))"
    }

    private func sendAll(_ bytes: [UInt8]) throws {
        var offset = 0
        let s = fd
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in send(s, raw.baseAddress! + offset, raw.count - offset, sendFlags) }
            if n > 0 { offset += n; continue }
            let e = errno
            if n < 0 && e == EINTR { continue }
            if n < 0 && (e == EAGAIN || e == EWOULDBLOCK) { throw LoopbackHTTPError("sending to \(host):\(port): no progress within \(timeout) s") }
            if n < 0 && (e == EPIPE || e == ECONNRESET) { throw StaleConnection() }
            throw LoopbackHTTPError("send: \(Self.errorText(e))")
        }
    }

    /// Receives more bytes into the buffer: false at the end of the stream (or a reset).
    /// Never moves the bytes already buffered (callers hold indices into them); the buffer is
    /// emptied between answers.
    private func fill() throws -> Bool {
        let s = fd
        while true {
            let n = scratch.withUnsafeMutableBytes { raw in recv(s, raw.baseAddress!, raw.count, 0) }
            if n > 0 {
                buffer.append(contentsOf: scratch[0..<n])
                receivedAny = true
                return true
            }
            if n == 0 { return false }
            let e = errno
            if e == EINTR { continue }
            if e == ECONNRESET { return false }
            if e == EAGAIN || e == EWOULDBLOCK { throw LoopbackHTTPError("no answer from \(host):\(port) within \(timeout) s") }
            throw LoopbackHTTPError("recv: \(Self.errorText(e))")
        }
    }

    private func closedMidAnswer() -> any Error {
        receivedAny ? LoopbackHTTPError("the server closed the connection in the middle of an answer") : StaleConnection()
    }

    /// One CRLF-terminated line (without its CRLF), as text.
    private func readLine() throws -> String {
        var i = position
        while true {
            while i + 1 < buffer.count {
                if buffer[i] == 13 && buffer[i + 1] == 10 {
                    let line = String(decoding: buffer[position..<i], as: UTF8.self)
                    position = i + 2
                    return line
                }
                i += 1
            }
            if buffer.count - position > 64 * 1024 { throw LoopbackHTTPError("a line of the answer is longer than 64 KiB") }
            guard try fill() else { throw closedMidAnswer() }
        }
    }

    private func readExact(_ n: Int) throws -> ArraySlice<UInt8> {
        while buffer.count - position < n {
            guard try fill() else { throw closedMidAnswer() }
        }
        let slice = buffer[position..<(position + n)]
        position += n
        return slice
    }

    /// The status line and headers, up to the blank line.
    private func readHead() throws -> (version: String, status: Int, headers: [(String, String)]) {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw LoopbackHTTPError("not an HTTP status line: \(statusLine.prefix(80))")
        }
        var headers: [(String, String)] = []
        var total = 0
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            total += line.utf8.count
            if total > 256 * 1024 { throw LoopbackHTTPError("the answer's headers are longer than 256 KiB") }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        return (String(parts[0]), status, headers)
    }

    private func exchange(_ method: String, _ path: String, _ headers: [(String, String)], _ body: [UInt8]) throws -> LoopbackResponse {
        try ensureConnected()
        if position < buffer.count {
            // Bytes nobody asked for: the connection is out of step; start a fresh one.
            dropConnection()
            try ensureConnected()
        }
        receivedAny = false
        let verb = method.uppercased()
        let names = Set(headers.map { $0.0.lowercased() })
        var head = "\(verb) \(path) HTTP/1.1\r\n"
        if !names.contains("host") { head += "Host: \(host):\(port)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !names.contains("content-length") && !names.contains("transfer-encoding")
            && (!body.isEmpty || verb == "POST" || verb == "PUT" || verb == "PATCH") {
            head += "Content-Length: \(body.count)\r\n"
        }
        if !names.contains("cookie") && !jar.isEmpty {
            head += "Cookie: " + jar.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: body)
        try sendAll(bytes)

        var answer = try readHead()
        // Interim answers (100 Continue, 103 Early Hints) precede the real one.
        while (100..<200).contains(answer.status) && answer.status != 101 {
            answer = try readHead()
        }
        let version = answer.version, status = answer.status, responseHeaders = answer.headers
        func values(_ name: String) -> [String] { responseHeaders.filter { $0.0 == name }.map { $0.1 } }
        let connectionTokens = values("connection").flatMap { $0.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        var closeAfter = connectionTokens.contains("close") || (version == "HTTP/1.0" && !connectionTokens.contains("keep-alive"))

        var responseBody: [UInt8] = []
        let transferEncoding = values("transfer-encoding").joined(separator: ",").lowercased()
        if verb == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) {
            // No body, whatever the headers say.
        } else if transferEncoding.contains("chunked") {
            while true {
                let sizeLine = try readLine()
                let sizeText = sizeLine.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard let size = Int(sizeText, radix: 16), size >= 0 else {
                    throw LoopbackHTTPError("bad chunk size line: \(sizeLine.prefix(40))")
                }
                if size == 0 {
                    // Trailers, up to the blank line.
                    while true {
                        let trailer = try readLine()
                        if trailer.isEmpty { break }
                    }
                    break
                }
                let chunk = try readExact(size)
                responseBody.append(contentsOf: chunk)
                let end = try readLine()
                guard end.isEmpty else { throw LoopbackHTTPError("a chunk did not end with CRLF") }
            }
        } else if let lengthText = values("content-length").first {
            guard let length = Int(lengthText), length >= 0 else { throw LoopbackHTTPError("bad Content-Length: \(lengthText)") }
            let exact = try readExact(length)
            responseBody = Array(exact)
        } else {
            // Neither: the body runs to the end of the connection.
            while try fill() {}
            responseBody = Array(buffer[position...])
            position = buffer.count
            closeAfter = true
        }

        for cookie in values("set-cookie") { remember(cookie) }
        if closeAfter {
            dropConnection()
        } else if position == buffer.count {
            buffer.removeAll(keepingCapacity: true); position = 0
        }
        return LoopbackResponse(status: status, headers: responseHeaders, body: responseBody)
    }

    /// `name=value; Path=/; HttpOnly; Max-Age=0`: keeps name=value; `Max-Age=0` (or less) or an
    /// empty value removes the cookie. Other attributes are ignored.
    private func remember(_ setCookie: String) {
        let pieces = setCookie.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = pieces.first, let eq = first.firstIndex(of: "=") else { return }
        let name = String(first[..<eq]).trimmingCharacters(in: .whitespaces)
        var value = String(first[first.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
        guard !name.isEmpty else { return }
        var expired = value.isEmpty
        for attribute in pieces.dropFirst() {
            let kv = attribute.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2 && kv[0].lowercased() == "max-age", let age = Int(kv[1]), age <= 0 { expired = true }
        }
        if expired { jar.removeValue(forKey: name) } else { jar[name] = value }
    }
}
