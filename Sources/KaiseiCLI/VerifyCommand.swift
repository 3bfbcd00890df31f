import ArgumentParser
import EventStore
import KaiseiCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the hash chain of every stored event; report the first break.",
        discussion: "Exit status 0 if the history is intact, 1 if any event was altered, removed or inserted.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reporting {
            let log = try storeOptions.open(readOnly: true)
            let report: ChainVerification
            do { report = try log.verifyChain() } catch { throw CLIFailure(message: "\(error)", code: 2) }
            if let broken = report.firstBreak {
                throw CLIFailure(message: "\(storeOptions.path): \(broken)", code: 1)
            }
            let head = try log.head()
            Terminal.out("\(storeOptions.path): \(report.checked) events, chain intact; head seq \(head.seq) hash \(head.hash.hexString)")
        }
    }
}
