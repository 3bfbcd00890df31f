import Foundation
import Hummingbird
import HTTPTypes

/// The fields of a submitted form: `application/x-www-form-urlencoded`, or `multipart/form-data`
/// for the certificate upload (a file field's content is kept as text). A page reads its form
/// once the session middleware has checked the CSRF field, so the body is already collected.
struct FormFields: Sendable {
    private(set) var values: [String: String] = [:]

    subscript(_ name: String) -> String? {
        guard let v = values[name], !v.isEmpty else { return nil }
        return v
    }

    static func parse(_ request: Request, body: ByteBuffer) -> FormFields {
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data"), let b = boundary(type) {
            return multipart(Array(body.readableBytesView), boundary: b)
        }
        return urlencoded(String(buffer: body))
    }

    static func urlencoded(_ text: String) -> FormFields {
        var f = FormFields()
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(String(parts[0])), value = parts.count > 1 ? decode(String(parts[1])) : ""
            if f.values[key] == nil { f.values[key] = value }
        }
        return f
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }

    static func boundary(_ contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let p = part.trimmingCharacters(in: .whitespaces)
            if p.lowercased().hasPrefix("boundary=") {
                return String(p.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// Splits on `--boundary`, reads each part's `name` from its Content-Disposition, and keeps
    /// its content (up to the CRLF before the next boundary) as UTF-8 text.
    static func multipart(_ bytes: [UInt8], boundary: String) -> FormFields {
        var f = FormFields()
        let delimiter = Array(("--" + boundary).utf8)
        var starts: [Int] = []
        var i = 0
        while i + delimiter.count <= bytes.count {
            if bytes[i] == delimiter[0] && Array(bytes[i..<i + delimiter.count]) == delimiter { starts.append(i); i += delimiter.count } else { i += 1 }
        }
        for (n, start) in starts.enumerated() where n + 1 < starts.count {
            var part = Array(bytes[(start + delimiter.count)..<starts[n + 1]])
            // Drop the CRLF after the delimiter and the CRLF before the next one.
            if part.starts(with: [13, 10]) { part.removeFirst(2) }
            if part.suffix(2) == [13, 10] { part.removeLast(2) }
            guard let headerEnd = find([13, 10, 13, 10], in: part) else { continue }
            let headers = String(decoding: part[..<headerEnd], as: UTF8.self)
            let content = String(decoding: part[(headerEnd + 4)...], as: UTF8.self)
            guard let name = dispositionName(headers) else { continue }
            if f.values[name] == nil || f.values[name]!.isEmpty { f.values[name] = content }
        }
        return f
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<i + needle.count]) == needle { return i }
        return nil
    }

    static func dispositionName(_ headers: String) -> String? {
        guard let r = headers.range(of: "name=\"") else { return nil }
        let rest = headers[r.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
