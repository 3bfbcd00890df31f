import ArgumentParser

/// `kaisei`: the one executable the cities' staff and scripts call.
public struct KaiseiCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kaisei",
        abstract: "Kaisei (改正): municipal tax and NHI history for Okazaki and Toyohashi, as events.",
        discussion: """
            Every fact (a resident, an income, a vehicle, a parcel, a levy, a payment) is an event with two \
            dates: the day it holds in the world (valid date) and the moment the city recorded it (recorded \
            time). Nothing is ever changed in place; a correction is a new event.

            The store is a SQLite file: --store PATH, else $KAISEI_STORE, else ./kaisei.sqlite.

            Exit status (every command): 0 done; 1 the input, the request or a presented \
            document has a problem, or the answer is no (each input problem is printed as \
            FILE:LINE: field: reason); 2 the store cannot be used (missing, busy with another \
            writer, newer than this build, a database error); 3 the store's hash chain is broken \
            (altered behind its back: nothing is answered from it); 64 the command was mistyped \
            or an option is out of range; 70 a defect in Kaisei.

            A writer (import, levy-run, payments, revisions --adopt, certificate --issued-by) holds \
            the store alone for its whole run; another writer waits KAISEI_WRITER_WAIT seconds \
            (default 10), then stops with "store is busy" before writing anything.
            """,
        subcommands: [
            ImportCommand.self, ExportCommand.self, EventsCommand.self, StatsCommand.self, VerifyCommand.self,
            SchemaCommand.self, RevisionsCommand.self, CalcCommand.self, GenerateCommand.self, AssessCommand.self,
            LevyRunCommand.self, AuditLeviesCommand.self, SnapshotCommand.self, CertificateCommand.self, PaymentsCommand.self,
            SimulateCommand.self, CompareCommand.self, ExplainCommand.self, ServeCommand.self, StaffCommand.self, AuditLogCommand.self, BackupCommand.self,
        ]
    )
    public init() {}
}
