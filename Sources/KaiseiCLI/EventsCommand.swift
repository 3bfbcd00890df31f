import ArgumentParser
import EventStore
import KaiseiCore
import KaiseiEvents

struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List one subject's events, as known at a time and in force on a date.",
        discussion: """
            --known-at keeps events recorded up to that moment (recorded time); --valid-on keeps \
            events whose valid date is on or before that day (valid time). Times are ISO 8601; a \
            date alone means the end of that day, Japan time.

            Example (the README's example store): kaisei events --subject okz-r-100001 --valid-on 2020-01-01 --known-at 2021-06-01
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The subject id (resident, household, parcel, building, vehicle).", valueName: "ID"))
    var subject: String
    @Option(help: ArgumentHelp("Only this city.", valueName: "okazaki|toyohashi"))
    var city: String?
    @Option(help: ArgumentHelp("Valid time: facts holding on or before this day.", valueName: "DATE"))
    var validOn: String?
    @Option(help: ArgumentHelp("Recorded time: what the city knew at this moment.", valueName: "TIME"))
    var knownAt: String?
    @Option(help: "text or json (canonical JSON Lines with seq and stream version).")
    var format: String = "text"

    func run() throws {
        try reporting {
            let c = try City.parseOption(city)
            var valid: CivilDate?
            if let validOn {
                guard let d = CivilDate(iso: validOn) else { throw CLIFailure(message: "--valid-on: not a date \"\(validOn)\" (expected YYYY-MM-DD)", code: 64) }
                valid = d
            }
            let known = try RecordedTime.parseKnownAt(knownAt)
            try checkFormat(format)
            let log = try storeOptions.open(readOnly: true)
            let events: [StoredEvent]
            do { events = try log.events(city: c, subject: subject, validOn: valid, knownAt: known) }
            catch { throw CLIFailure.store(error) }
            for s in events {
                let payload = JSONWriter.canonical(EventJSON.payloadJSON(s.event))
                if format == "json" {
                    let line = JSONValue.object([
                        ("seq", .integer(s.seq)), ("stream_version", .integer(s.streamVersion)),
                        ("id", .string(s.event.id)), ("city", .string(s.event.city.rawValue)),
                        ("type", .string(s.event.type.name)), ("valid_date", .string(s.event.validDate.description)),
                        ("recorded_at", .string(s.recordedAt.description)), ("payload", EventJSON.payloadJSON(s.event)),
                    ])
                    Terminal.out(JSONWriter.canonical(line))
                } else {
                    Terminal.out("#\(s.seq) v\(s.streamVersion)  valid \(s.event.validDate)  recorded \(s.recordedAt)  \(s.event.type.name) \(payload)")
                }
            }
            if format == "text" && events.isEmpty { Terminal.error("no events for \(subject) with these dates") }
        }
    }
}
