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

            Exit status: 0 done; 1 the input or the store has a problem (each is printed as \
            FILE:LINE: field: reason); 2 a store error; 64 the command was mistyped.
            """,
        subcommands: [
            ImportCommand.self, ExportCommand.self, EventsCommand.self, StatsCommand.self, VerifyCommand.self,
            SchemaCommand.self, RevisionsCommand.self, CalcCommand.self, GenerateCommand.self, AssessCommand.self,
            LevyRunCommand.self, AuditLeviesCommand.self, SnapshotCommand.self, CertificateCommand.self, PaymentsCommand.self,
            SimulateCommand.self, CompareCommand.self, ExplainCommand.self,
        ]
    )
    public init() {}
}
