import ArgumentParser
import Foundation
import KaiseiCore
import EventStore
import Counter

struct AuditLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit-log",
        abstract: "The counter service's access records: who looked at whose data, when, and why.",
        discussion: "Reading the trail from the command line is an operator's act on the machine; auditors read their own city's trail in the service.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("okazaki or toyohashi.", valueName: "CITY")) var city: String?
    @Option(help: ArgumentHelp("A staff id (okz-s-USER).", valueName: "ID")) var staff: String?
    @Option(help: ArgumentHelp("Records that showed this subject.", valueName: "ID")) var subject: String?
    @Option(help: ArgumentHelp("From this date or time.", valueName: "TIME")) var from: String?
    @Option(help: ArgumentHelp("To this date or time (a date means its end).", valueName: "TIME")) var to: String?
    @Option(help: "text, json or csv.") var format = "text"

    func run() throws {
        try reporting {
            guard ["text", "json", "csv"].contains(format) else { throw CLIFailure.usage("--format: expected text, json or csv") }
            var filter = AccessFilter(city: try City.parseOption(city), staff: staff, subject: subject, limit: 10_000_000)
            if let from { guard let t = RecordedTime(iso: from) else { throw CLIFailure.usage("--from: not a date or time") }; filter.from = t }
            if let to { guard let t = RecordedTime(iso: to, dateMeansEndOfDay: true) else { throw CLIFailure.usage("--to: not a date or time") }; filter.to = t }
            _ = try storeOptions.open()
            let records: [StoredAccessRecord]
            do { records = try StoreBackend.openAccessLog(storeOptions.location, readOnly: true).accessRecords(filter) } catch { throw CLIFailure.store(error) }
            switch format {
            case "json":
                for r in records { Terminal.out(JSONWriter.canonical(AccessRecordFormat.json(r))) }
            case "csv":
                Terminal.out(AccessRecordFormat.csvHeader)
                for r in records { Terminal.out(AccessRecordFormat.csvLine(r)) }
            default:
                for r in records {
                    Terminal.out("#\(r.seq) \(r.record.at) \(r.record.city.rawValue) \(r.record.staff) (\(r.record.role)) \(r.record.purpose) \(r.record.route) [\(r.record.subjects.joined(separator: " "))] \(r.record.detail)")
                }
            }
        }
    }
}
