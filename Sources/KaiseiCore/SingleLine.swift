extension String {
    /// The text on one line, control characters written as escapes (`\n`, `\t`, `\u{7}`): a
    /// message that quotes input stays one `FILE:LINE: field: reason` line, whatever the input
    /// held, so editors, CI logs and the cities' scripts can read it line by line.
    public var singleLine: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}":
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
