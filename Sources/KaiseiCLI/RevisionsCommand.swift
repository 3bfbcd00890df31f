import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Assessment

struct RevisionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revisions",
        abstract: "List the law revisions with their fiscal years, adoption dates and status.",
        discussion: """
            Every revision file is checked when loaded; any problem is printed as FILE:LINE: key: reason.
            --unverified lists every value a city still has to confirm, with what was assumed.
            --adopt records a RevisionAdopted event in the store for each enacted revision whose \
            content is not recorded yet, so the rule base's history is part of the event history.
            """)

    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "List the values not yet confirmed by the cities.")
    var unverified = false
    @Flag(help: "Record the adoption of every enacted revision in the store.")
    var adopt = false

    func run() throws {
        try reporting {
            let rb = try revisionOptions.load()
            if unverified {
                for (r, e) in rb.unverified {
                    Terminal.out("\(r.file):\(e.line): \(e.key)\(e.city.map { " [\($0.rawValue)]" } ?? ""): \(e.note ?? "")")
                }
                Terminal.out("\(rb.unverified.count) value(s) to confirm")
                return
            }
            if adopt {
                let log = try storeOptions.openForWriting(purpose: "revision adoption")
                let requests = RevisionAdoption.events(rb).map { AppendRequest($0) }
                do {
                    let result = try log.append(requests)
                    Terminal.out("recorded \(result.appended) adoption events (\(result.alreadyPresent) already recorded)")
                } catch { throw CLIFailure.store(error) }
                return
            }
            Terminal.out("revision set \(rb.revisionSetHash(asOf: .distantFuture))")
            // Each group's own set, as its levies and payments carry it (the first line stays the
            // individual taxes' set, as it always was).
            Terminal.out("corporate revision set \(rb.revisionSetHash(asOf: .distantFuture, scope: .corporate))")
            Terminal.out("collection revision set \(rb.revisionSetHash(asOf: .distantFuture, scope: .collection))")
            for r in rb.revisions {
                let years = "FY\(r.fromFiscalYear)–" + (r.toFiscalYear.map { "FY\($0)" } ?? "")
                Terminal.out("\(r.id.padding(toLength: 40, withPad: " ", startingAt: 0)) \(years.padding(toLength: 14, withPad: " ", startingAt: 0)) adopted \(r.adopted.japanDate)  \(r.status.rawValue)  \(r.title)")
            }
        }
    }
}
