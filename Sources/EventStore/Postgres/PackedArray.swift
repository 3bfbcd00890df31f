import NIOCore
import PostgresNIO

/// A one-dimensional array parameter, written element by element straight into PostgreSQL's
/// binary array format (`array_send`: dimensions, no null bitmap, then each element as a 4-byte
/// length and its bytes).
///
/// Why not `[String]` and `[ByteBuffer]`: the writer shares the machine's cores with the
/// server, and a profile of a large append had the client at 1¼ cores to the server's ½, part
/// of it a `ByteBuffer` allocated for every payload and every hash and postgres-nio's generic
/// per-element encoding. Here a slice of 10,000 rows is eleven buffers. The server reads them
/// exactly as it reads postgres-nio's own arrays (`PackedArrayTests` compares them there).
struct PackedArray: PostgresDynamicTypeEncodable {
    enum Element {
        case int2, int4, int8, text, bytea
        /// (array type, element type) OIDs, as in `pg_type`.
        var oids: (array: Int, element: Int) {
            switch self {
            case .int2: (1005, 21)
            case .int4: (1007, 23)
            case .int8: (1016, 20)
            case .text: (1009, 25)
            case .bytea: (1001, 17)
            }
        }
    }

    let element: Element
    private(set) var count = 0
    private var body: ByteBuffer

    init(_ element: Element, capacity: Int, bytesPerElement: Int) {
        self.element = element
        body = ByteBufferAllocator().buffer(capacity: capacity * (4 + bytesPerElement))
    }

    var psqlType: PostgresDataType { PostgresDataType(UInt32(element.oids.array)) }
    var psqlFormat: PostgresFormat { .binary }

    /// An integer element; a value out of the column's range stops the process rather than
    /// being cut (the callers' values are seqs, dates, codes: none comes near the bounds).
    mutating func append(_ value: Int64) {
        switch element {
        case .int2: body.writeInteger(Int32(2)); body.writeInteger(Int16(value))
        case .int4: body.writeInteger(Int32(4)); body.writeInteger(Int32(value))
        case .int8: body.writeInteger(Int32(8)); body.writeInteger(value)
        case .text, .bytea: preconditionFailure("an integer appended to a \(element) array")
        }
        count += 1
    }

    /// A text element (its UTF-8 bytes, which is what the binary format of `text` is).
    mutating func append(text: String) {
        precondition(element == .text)
        var s = text
        s.withUTF8 { utf8 in
            body.writeInteger(Int32(utf8.count))
            body.writeBytes(UnsafeRawBufferPointer(utf8))
        }
        count += 1
    }

    /// A bytea element.
    mutating func append(bytes: [UInt8]) {
        precondition(element == .bytea)
        body.writeInteger(Int32(bytes.count))
        body.writeBytes(bytes)
        count += 1
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(Int32(1))                       // dimensions
        buffer.writeInteger(Int32(0))                       // no nulls
        buffer.writeInteger(UInt32(element.oids.element))   // element type
        buffer.writeInteger(Int32(count))                   // length of the one dimension
        buffer.writeInteger(Int32(1))                       // its lower bound
        buffer.writeImmutableBuffer(body)
    }
}
