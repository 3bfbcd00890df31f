import NIOCore

/// Rows in the text format of `COPY … FROM STDIN` (columns split by tabs, rows ended by a
/// newline), written byte by byte into one buffer.
///
/// What the format asks, and why each case is here: a backslash starts an escape, so a
/// backslash in a value is doubled; a tab, newline or other control byte inside a value would
/// end the column or the row, so it is sent as `\xHH`; `bytea` is entered in its hex form
/// `\x…`, whose backslash is itself doubled. Integers are plain decimal. Nothing here is NULL
/// (every column of `events` is NOT NULL). `CopyTextTests` checks each case against the server.
struct CopyText {
    private(set) var buffer: ByteBuffer

    init(capacity: Int) { buffer = ByteBufferAllocator().buffer(capacity: capacity) }

    /// The rows so far, leaving this empty for the next slice.
    mutating func take() -> ByteBuffer {
        let out = buffer
        buffer = ByteBufferAllocator().buffer(capacity: out.readableBytes + 4096)
        return out
    }

    mutating func tab() { buffer.writeInteger(UInt8(ascii: "\t")) }
    mutating func newline() { buffer.writeInteger(UInt8(ascii: "\n")) }

    mutating func integer(_ v: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: 20 digits and a sign fit
        var magnitude = v.magnitude
        withUnsafeMutableBytes(of: &digits) { raw in
            var i = raw.count
            repeat {
                i -= 1
                raw[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if v < 0 { i -= 1; raw[i] = UInt8(ascii: "-") }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[i...]))
        }
    }

    mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            // Most values need no escape: one copy.
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\\") }) {
                buffer.writeBytes(UnsafeRawBufferPointer(utf8))
                return
            }
            for b in utf8 {
                if b == UInt8(ascii: "\\") {
                    buffer.writeInteger(UInt8(ascii: "\\")); buffer.writeInteger(UInt8(ascii: "\\"))
                } else if b < 0x20 {
                    buffer.writeInteger(UInt8(ascii: "\\")); buffer.writeInteger(UInt8(ascii: "x"))
                    buffer.writeInteger(Self.hex[Int(b >> 4)]); buffer.writeInteger(Self.hex[Int(b & 0x0F)])
                } else {
                    buffer.writeInteger(b)
                }
            }
        }
    }

    mutating func bytea(_ bytes: [UInt8]) {
        buffer.writeInteger(UInt8(ascii: "\\")); buffer.writeInteger(UInt8(ascii: "\\")); buffer.writeInteger(UInt8(ascii: "x"))
        let n = bytes.count * 2
        buffer.reserveCapacity(minimumWritableBytes: n)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: n) { out in
            for (k, b) in bytes.enumerated() {
                out[2 * k] = Self.hex[Int(b >> 4)]
                out[2 * k + 1] = Self.hex[Int(b & 0x0F)]
            }
            return n
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}
