import ArgumentParser
import EventStore
import KaiseiCore
import KaiseiEvents

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Summarise the store: events per city and type, subjects, recorded-time range.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reporting {
            let log = try storeOptions.open(readOnly: true)
            let s: StoreStats
            do { s = try log.stats() } catch { throw CLIFailure.store(error) }
            Terminal.out("store          \(storeOptions.location) (schema version \(s.schemaVersion))")
            Terminal.out("events         \(s.totalEvents)")
            Terminal.out("subjects       \(s.subjects)")
            if let a = s.firstRecorded, let b = s.lastRecorded { Terminal.out("recorded       \(a) … \(b)") }
            if s.totalEvents > 0 {
                Terminal.out("bytes/event    \(s.fileBytes / s.totalEvents) (file \(s.fileBytes) bytes)")
            }
            for city in City.allCases {
                let rows = s.rows.filter { $0.city == city }
                guard !rows.isEmpty else { continue }
                Terminal.out("\n\(city.rawValue) (\(city.japaneseName)): \(rows.reduce(0) { $0 + $1.count }) events")
                for r in rows {
                    Terminal.out("  \(r.type.name.padding(toLength: 36, withPad: " ", startingAt: 0)) \(r.count)")
                }
            }
        }
    }
}
