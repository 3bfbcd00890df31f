import ArgumentParser
import Foundation
import EventStore
import KaiseiCore

/// Where the store is: `--store PATH`, else `KAISEI_STORE`, else `./kaisei.sqlite`. A file path
/// is an SQLite store; a `postgres://…` URL selects the PostgreSQL backend (`StoreBackend`).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The event store file.", valueName: "PATH"))
    var store: String?

    var path: String {
        if let store { return store }
        if let env = ProcessInfo.processInfo.environment["KAISEI_STORE"], !env.isEmpty { return env }
        return "kaisei.sqlite"
    }

    var location: StoreLocation { StoreLocation(path) }

    /// Opens the store to answer from it. The chain is checked from the last verified point
    /// first: a store altered behind its back is refused, never answered from.
    func open(readOnly: Bool = true) throws -> any EventLog {
        if readOnly { try requireExisting() }
        do {
            let log = try StoreBackend.open(location, readOnly: readOnly)
            try log.verifyIncrementally(record: !readOnly)
            return log
        } catch { throw CLIFailure.store(error) }
    }

    /// Opens the store to write, holding its writer lock until the command ends: an import or
    /// a levy run is one writer from its first check to its last batch.
    func openForWriting(purpose: String) throws -> any EventLog {
        do {
            let log = try StoreBackend.open(location, readOnly: false, writerWait: try writerWait())
            try log.holdWriter(purpose: purpose)
            try log.verifyIncrementally(record: true)
            return log
        } catch { throw CLIFailure.store(error) }
    }

    /// How long a writer waits for another to finish: `KAISEI_WRITER_WAIT` seconds, default 10.
    func writerWait() throws -> Double {
        guard let text = ProcessInfo.processInfo.environment["KAISEI_WRITER_WAIT"], !text.isEmpty else { return 10 }
        guard let s = Double(text), s.isFinite, s >= 0, s <= 86_400 else {
            throw CLIFailure.usage("KAISEI_WRITER_WAIT: expected seconds from 0 to 86400, got \(text)")
        }
        return s
    }

    /// For `kaisei verify`, which walks the whole chain itself and reports what it finds.
    func openUnchecked() throws -> any EventLog {
        try requireExisting()
        do { return try StoreBackend.open(location, readOnly: true) } catch { throw CLIFailure.store(error) }
    }

    /// A reader is never the one to create a store file: a mistyped path is named as missing.
    private func requireExisting() throws {
        guard case .sqlite(let file) = location, !FileManager.default.fileExists(atPath: file) else { return }
        throw CLIFailure.input("no store at \(file) (import events first, or pass --store PATH)")
    }
}

/// The exit statuses of every command (the README's table).
enum ExitStatus {
    /// The input, the request or a presented document has a problem; or the answer is "no".
    static let input: Int32 = 1
    /// The store cannot be used: missing, busy, newer than this build, or a database error.
    static let store: Int32 = 2
    /// The store's hash chain is broken: it was altered behind its back.
    static let tampered: Int32 = 3
    /// The command was mistyped: an unknown option, a value out of its range.
    static let usage: Int32 = 64
    /// A defect in Kaisei itself.
    static let internalError: Int32 = 70
}

/// An error already phrased for the person at the terminal, with the exit status to use.
struct CLIFailure: Error {
    let message: String
    let code: Int32

    init(message: String, code: Int32) { self.message = message; self.code = code }

    static func usage(_ message: String) -> CLIFailure { CLIFailure(message: message, code: ExitStatus.usage) }
    static func input(_ message: String) -> CLIFailure { CLIFailure(message: message, code: ExitStatus.input) }

    /// The store's errors, phrased once: a broken chain is its own status, so scripts can tell
    /// "the store was tampered with" from "the store is busy".
    static func store(_ error: Error) -> CLIFailure {
        switch error {
        case let f as CLIFailure: return f
        case let e as StoreError:
            if case .chainBroken = e { return CLIFailure(message: e.description, code: ExitStatus.tampered) }
            return CLIFailure(message: e.description, code: ExitStatus.store)
        case let e as SQLiteError: return CLIFailure(message: "store error: \(e.message)", code: ExitStatus.store)
        default: return CLIFailure(message: "store error: \(error)", code: ExitStatus.store)
        }
    }
}

enum Terminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
    /// A reader that went away (`kaisei stats | head`) ends the command quietly with the status
    /// a shell gives a process stopped by SIGPIPE, instead of a crash report: PostgreSQL's
    /// networking ignores SIGPIPE, so the write fails with EPIPE rather than ending the process.
    static func out(_ text: String) {
        raw(Data((text + "\n").utf8))
    }
    static func raw(_ data: Data) {
        do { try FileHandle.standardOutput.write(contentsOf: data) }
        catch { exit(141) }
    }
}

extension ParsableCommand {
    /// Runs a command body, turning every error into one message and an exit status from
    /// `ExitStatus`: errors are phrased once, here at the edge, and nothing reaches the
    /// terminal as a raw library error.
    func reporting(_ body: () throws -> Void) throws {
        do { try body() } catch let f as CLIFailure {
            if !f.message.isEmpty { Terminal.error(f.message) }
            throw ExitCode(f.code)
        } catch let e as ExitCode {
            throw e
        } catch let e as StoreError {
            let f = CLIFailure.store(e)
            Terminal.error(f.message)
            throw ExitCode(f.code)
        } catch let e as SQLiteError {
            Terminal.error("store error: \(e.message)")
            throw ExitCode(ExitStatus.store)
        } catch let e as CocoaError {
            let file = (e.userInfo[NSFilePathErrorKey] as? String) ?? e.userInfo[NSURLErrorKey].map { "\($0)" } ?? "a file"
            Terminal.error("cannot read or write \(file): \(e.code == .fileNoSuchFile || e.code == .fileReadNoSuchFile ? "no such file" : "permission denied or not a file")")
            throw ExitCode(ExitStatus.input)
        } catch {
            Terminal.error("internal error: \(type(of: error)) (please report it with the command that caused it)")
            throw ExitCode(ExitStatus.internalError)
        }
    }
}

extension RecordedTime {
    /// The wall clock, to the microsecond: the recorded time of what a command writes now.
    static func now() -> RecordedTime {
        RecordedTime(microseconds: Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down)))
    }
}

extension EventLog {
    /// "Now" for a command that records or certifies: the wall clock, or just after the newest
    /// event when the store holds later history (a generated population runs to FY2027).
    func nowOrAfterHead() throws -> RecordedTime {
        let now = RecordedTime.now(), head = try head().recordedAt
        return now > head ? now : RecordedTime(microseconds: head.microseconds + 1_000_000)
    }
}
