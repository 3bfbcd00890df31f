import ArgumentParser
import Foundation
import KaiseiCore
import KaiseiEvents
import EventStore
import Law
import Replay
import Snapshots
import Certificates

struct CertificateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate",
        abstract: "Issue or regenerate a certificate (income, non-taxation, tax-payment, vehicle-inspection), or verify one.",
        discussion: """
            kaisei certificate KIND --subject ID --fiscal-year Y [--known-at TIME] [--format json|html]. \
            The same request with the same --known-at gives the same bytes, whatever has been recorded \
            since. Without --known-at the certificate is as known now, and its content names that \
            moment so it can be regenerated. --issued-by STAFF records a CertificateIssued event.
            """,
        subcommands: [Kind<IncomeKind>.self, Kind<NonTaxationKind>.self, Kind<TaxPaymentKind>.self, Kind<VehicleInspectionKind>.self, Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Re-derive a certificate (JSON or HTML) from the store and say whether it matches, and if not, why.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var revisionOptions: RevisionOptions
        @OptionGroup var snapshotOptions: SnapshotOptions
        @Argument(help: ArgumentHelp("The certificate file.", valueName: "FILE"))
        var file: String

        func run() throws {
            try reporting {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw CLIFailure(message: "cannot read \(file)", code: 1) }
                let presented: PresentedCertificate
                switch PresentedCertificate.parse(text) {
                case .success(let p): presented = p
                case .failure(let e): throw CLIFailure(message: "\(file): \(e)", code: 1)
                }
                let rb = try revisionOptions.load()
                let log = try storeOptions.open(readOnly: true)
                let issued = try CertificateIssuance.build(presented.request, log: log, ruleBase: rb, snapshots: snapshotOptions)
                if presented.matches(issued.certificate) {
                    Terminal.out("\(file): matches (SHA-256 \(presented.fingerprint), \(presented.request.kind.rawValue) \(presented.request.subject) FY\(presented.request.fiscalYear) as known at \(presented.request.knownAt))")
                    return
                }
                var storeHash: [UInt8]?
                if case .integer(let w)? = presented.content["basis"]?["watermark"], w > 0 {
                    try log.scan(after: w - 1, through: w) { storeHash = $0.hash }
                } else { storeHash = [UInt8](repeating: 0, count: 32) }
                Terminal.out("\(file): does NOT match the store (certificate \(presented.fingerprint.prefix(16))…, now \(issued.certificate.fingerprint.prefix(16))…)\(issued.certificate.fingerprint == presented.fingerprint && presented.isIntact ? "; its embedded data matches, but what it prints does not" : "")")
                for d in presented.differences(from: issued.certificate, ruleBase: rb, storeHashAtWatermark: storeHash) { Terminal.out("  - \(d)") }
                throw CLIFailure(message: "", code: 1)
            }
        }
    }
}

protocol CertificateKindName { static var kind: CertificateKind { get } }
enum IncomeKind: CertificateKindName { static let kind = CertificateKind.income }
enum NonTaxationKind: CertificateKindName { static let kind = CertificateKind.nonTaxation }
enum TaxPaymentKind: CertificateKindName { static let kind = CertificateKind.taxPayment }
enum VehicleInspectionKind: CertificateKindName { static let kind = CertificateKind.vehicleInspection }

/// One subcommand per KIND, sharing every option.
struct Kind<K: CertificateKindName>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: K.kind.rawValue, abstract: [
            .income: "所得・課税証明書: incomes, deductions and the resident tax of a fiscal year.",
            .nonTaxation: "非課税証明書: issued only when the resident tax of the year is nil.",
            .taxPayment: "納税証明書: each recorded levy of the year, what was paid and what remains.",
            .vehicleInspection: "軽自動車税納税証明書（継続検査用）: for a vehicle whose owner has paid the year's tax.",
        ][K.kind]!)
    }
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var revisionOptions: RevisionOptions
    @OptionGroup var snapshotOptions: SnapshotOptions
    @Option(help: ArgumentHelp("The person (or, for vehicle-inspection, the vehicle).", valueName: "ID"))
    var subject: String
    @Option(help: "The fiscal year certified.")
    var fiscalYear: Int
    @Option(help: ArgumentHelp("As the city knew it at this time (a date means the end of that day in Japan); default now.", valueName: "TIME"))
    var knownAt: String?
    @Option(help: ArgumentHelp("okazaki or toyohashi (default: where the subject is).", valueName: "CITY"))
    var city: String?
    @Option(help: "json or html.")
    var format: String = "json"
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?
    @Option(help: ArgumentHelp("Record the issue (CertificateIssued) under this staff id.", valueName: "STAFF"))
    var issuedBy: String?

    func run() throws {
        try reporting {
            guard ["json", "html"].contains(format) else { throw CLIFailure(message: "--format: expected json or html", code: 64) }
            if let issuedBy, let p = EventJSON.idProblem(issuedBy) { throw CLIFailure(message: "--issued-by: \(p)", code: 64) }
            guard ParameterCatalogue.years.contains(fiscalYear) else {
                throw CLIFailure.usage("--fiscal-year: must be between \(ParameterCatalogue.years.lowerBound) and \(ParameterCatalogue.years.upperBound)")
            }
            let rb = try revisionOptions.load()
            let log = try issuedBy == nil ? storeOptions.open() : storeOptions.openForWriting(purpose: "certificate issue")
            // Without --known-at: as known now (or at the newest event, if the store holds later history).
            let asOf = try knownAt.map { try RecordedTime.parseKnownAt($0) } ?? max(RecordedTime.now(), try log.head().recordedAt)
            let req = CertificateRequest(kind: K.kind, subject: subject, fiscalYear: fiscalYear, knownAt: asOf, city: try City.parseOption(city))
            let issued = try CertificateIssuance.build(req, log: log, ruleBase: rb, snapshots: snapshotOptions)
            let text = format == "json" ? issued.certificate.json + "\n" : issued.certificate.html
            // The destination is checked first; then an issued certificate is recorded before it
            // leaves: no record, no certificate.
            var file = try output.map { try OutputFile(path: $0, flag: "--output") }
            var written = false
            defer { if !written { file?.discard() } }
            if let issuedBy {
                let e = CertificateIssuance.issuedEvent(issued, request: req, staff: issuedBy, at: RecordedTime.now())
                do { _ = try log.append([AppendRequest(e)]) } catch { throw CLIFailure.store(error) }
            }
            if file != nil { try file!.write(text); try file!.commit(); written = true } else { Terminal.raw(Data(text.utf8)) }
            if let issuedBy {
                Terminal.error("issued: recorded CertificateIssued (\(issuedBy), fingerprint \(issued.certificate.fingerprint.prefix(16))…)")
            }
        }
    }
}

extension CertificateIssuance {
    /// The library workflow, with snapshot warnings on standard error and refusals as exit 1.
    static func build(_ req: CertificateRequest, log: any EventLog, ruleBase: RuleBase, snapshots: SnapshotOptions) throws -> Issued {
        do {
            let issued = try build(req, log: log, ruleBase: ruleBase, snapshots: snapshots.noSnapshots ? nil : snapshots.folder)
            for w in issued.warnings { Terminal.error("warning: snapshot \(w) — ignored; replaying from the events") }
            return issued
        } catch let e as CertificateRefusal { throw CLIFailure.input(e.description) }
    }
}
