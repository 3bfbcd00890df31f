import ArgumentParser
import Foundation
import EventStore
import KaiseiCore

/// Where the store is: `--store PATH`, else `KAISEI_STORE`, else `./kaisei.sqlite`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The event store file.", valueName: "PATH"))
    var store: String?

    var path: String {
        if let store { return store }
        if let env = ProcessInfo.processInfo.environment["KAISEI_STORE"], !env.isEmpty { return env }
        return "kaisei.sqlite"
    }

    func open(readOnly: Bool = false) throws -> SQLiteEventLog {
        if readOnly && !FileManager.default.fileExists(atPath: path) {
            throw CLIFailure(message: "no store at \(path) (import events first, or pass --store PATH)", code: 1)
        }
        do { return try SQLiteEventLog(path: path, readOnly: readOnly) }
        catch { throw CLIFailure(message: "\(error)", code: 2) }
    }
}

/// An error already phrased for the person at the terminal, with the exit status to use.
struct CLIFailure: Error {
    let message: String
    let code: Int32
}

enum Terminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

extension ParsableCommand {
    /// Runs a command body, turning a `CLIFailure` into its message and exit status: errors are
    /// phrased once, here at the edge.
    func reporting(_ body: () throws -> Void) throws {
        do { try body() } catch let f as CLIFailure {
            if !f.message.isEmpty { Terminal.error(f.message) }
            throw ExitCode(f.code)
        }
    }
}

extension RecordedTime {
    /// The wall clock, to the microsecond: the recorded time of what a command writes now.
    static func now() -> RecordedTime {
        RecordedTime(microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down)))
    }
}

extension SQLiteEventLog {
    /// "Now" for a command that records or certifies: the wall clock, or just after the newest
    /// event when the store holds later history (a generated population runs to FY2027).
    func nowOrAfterHead() throws -> RecordedTime {
        let now = RecordedTime.now(), head = try head().recordedAt
        return now > head ? now : RecordedTime(microseconds: head.microseconds + 1_000_000)
    }
}
