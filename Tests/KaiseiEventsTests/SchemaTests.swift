import Testing
import Foundation
import KaiseiCore
import KaiseiEvents

@Suite("The event vocabulary")
struct SchemaTests {
    @Test("every type's documented example is a valid event", arguments: EventType.allCases)
    func examplesDecode(type: EventType) throws {
        let line = EventCatalogue.exampleLine(type)
        let result = EventJSON.decode(try JSONParser.parse(line))
        guard case .success(let d) = result else {
            Issue.record("example of \(type.name) does not validate: \(result)"); return
        }
        #expect(d.event.type == type)
    }

    @Test("binary payload encoding round-trips every example exactly", arguments: EventType.allCases)
    func binaryRoundTrip(type: EventType) throws {
        guard case .success(let d) = EventJSON.decode(try JSONParser.parse(EventCatalogue.exampleLine(type))) else {
            Issue.record("example does not decode"); return
        }
        let bytes = d.event.payload.encoded(for: type)
        let back = try bytes.withUnsafeBytes { raw in
            var r = ByteReader(raw)
            return try Payload.decode(type, from: &r)
        }
        #expect(back == d.event.payload)
        #expect(EventJSON.canonicalLine(Event(id: d.event.id, city: d.event.city, subject: d.event.subject, type: type,
                                              validDate: d.event.validDate, payload: back)) == EventCatalogue.exampleLine(type))
    }

    /// A payload stores each field by its place in the schema (Event+Binary), so a field put
    /// between two others would make every stored payload of its type read as other fields.
    /// The golden chain hashes caught one such insertion on 2026-12-05; this names it.
    @Test("every event type's fields begin with those it was stored with, in the same order: a new field is only appended (field-order.txt)")
    func fieldsOnlyAppended() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("field-order.txt")
        var seen = 0
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard let type = EventType(name: String(parts[0])) else { Issue.record("\(parts[0]): no longer an event type"); continue }
            let frozen = parts.count > 1 ? parts[1].split(separator: " ").map(String.init) : []
            let now = type.schema.fields.map(\.name)
            #expect(Array(now.prefix(frozen.count)) == frozen, "\(type.name): stored as \(frozen), now \(now)")
            seen += 1
        }
        #expect(seen == EventType.allCases.count)
    }

    @Test("type codes and names are unique")
    func uniqueNames() {
        #expect(Set(EventType.allCases.map(\.name)).count == EventType.allCases.count)
        for t in EventType.allCases { #expect(EventType(name: t.name) == t) }
    }

    @Test("docs/events.md is the generated reference, not a hand-edited copy")
    func docsInSync() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/events.md"), encoding: .utf8)
        #expect(committed == EventCatalogue.markdown(), "regenerate with: swift run kaisei schema --markdown > docs/events.md")
    }

    @Test("a truncated or padded payload is refused, never trusted")
    func malformedPayload() throws {
        guard case .success(let d) = EventJSON.decode(try JSONParser.parse(EventCatalogue.exampleLine(.incomeDeclared))) else {
            Issue.record("the IncomeDeclared example does not decode"); return
        }
        let bytes = d.event.payload.encoded(for: .incomeDeclared)
        #expect(throws: ByteReader.Malformed.self) {
            try Array(bytes.dropLast()).withUnsafeBytes { raw in
                var r = ByteReader(raw); _ = try Payload.decode(.incomeDeclared, from: &r)
            }
        }
        // A presence bit beyond the schema's fields.
        #expect(throws: ByteReader.Malformed.self) {
            try [UInt8]([0x7F, 0x01]).withUnsafeBytes { raw in
                var r = ByteReader(raw); _ = try Payload.decode(.residentDied, from: &r)
            }
        }
    }
}
