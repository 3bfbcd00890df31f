import ArgumentParser
import KaiseiEvents

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the event vocabulary: docs/events.md (--markdown) or one example line per type (--examples).")

    @Flag(help: "The reference of every event type and field, as Markdown.")
    var markdown = false
    @Flag(help: "One valid JSONL example per event type.")
    var examples = false

    func run() throws {
        if examples {
            for t in EventType.allCases { print(EventCatalogue.exampleLine(t)) }
        } else {
            print(EventCatalogue.markdown(), terminator: "")
        }
    }
}
