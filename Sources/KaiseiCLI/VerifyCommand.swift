import ArgumentParser
import EventStore
import KaiseiCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the hash chain of every stored event and of the access log; report the first break.",
        discussion: "Exit status 0 if the history is intact, 3 if any event was altered, removed or inserted (as for every command that finds the chain broken).")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        try reporting {
            let log = try storeOptions.openUnchecked()
            let report: ChainVerification
            do { report = try log.verifyChain() } catch { throw CLIFailure.store(error) }
            if let broken = report.firstBreak {
                throw CLIFailure(message: "\(storeOptions.location): \(broken)", code: ExitStatus.tampered)
            }
            let head = try log.head()
            Terminal.out("\(storeOptions.location): \(report.checked) events, chain intact; head seq \(head.seq) hash \(head.hash.hexString)")
            // The counter service's access log has its own chain in the same store. Only a store
            // from before the access log may lack one; any other failure to open it is reported
            // (a dropped access log once passed here as "none").
            let opened: (any AccessLog)?
            do { opened = try StoreBackend.openAccessLog(storeOptions.location, readOnly: true) }
            catch StoreError.notAStore { opened = nil }
            catch { throw CLIFailure.store(error) }
            if let access = opened {
                let a: ChainVerification
                do { a = try access.verifyAccessChain() } catch { throw CLIFailure.store(error) }
                if let broken = a.firstBreak {
                    throw CLIFailure(message: "\(storeOptions.location): access log: \(broken)", code: ExitStatus.tampered)
                }
                if a.checked > 0 { Terminal.out("\(storeOptions.location): access log \(a.checked) records, chain intact") }
            }
        }
    }
}
