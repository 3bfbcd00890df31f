import Foundation
import KaiseiCore

/// Where a store is, as given by `--store` or `KAISEI_STORE`: a file path selects the embedded
/// SQLite backend, a `postgres://` (or `postgresql://`) URL the shared cloud's PostgreSQL one.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite file (the embedded default).
    case sqlite(path: String)
    /// A PostgreSQL database, for the shared cloud (`PostgresEventLog`).
    case postgres(url: String)

    public init(_ text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            self = .sqlite(path: text)
        }
    }

    /// For messages: a file's path, or a database URL with its password hidden.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url): return Self.redactingPassword(url)
        }
    }

    /// `postgres://user:secret@host/db` → `postgres://user:***@host/db`, and a `password=`
    /// parameter hidden too. The user part ends at the last `@` (a password may hold `/`).
    static func redactingPassword(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        var out = url
        let rest = url[schemeEnd.upperBound...]
        if let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
            out = String(url[..<rest.index(after: colon)]) + "***" + String(url[at...])
        }
        if let p = out.range(of: "password=", options: .caseInsensitive) {
            let end = out[p.upperBound...].firstIndex(of: "&") ?? out.endIndex
            out.replaceSubrange(p.upperBound..<end, with: "***")
        }
        return out
    }
}

/// Opens a store by its location: the one place that names a backend. Everything else (import,
/// export, replay, snapshots, certificates, the commands) works on `any EventLog`.
public enum StoreBackend {
    /// Opens the store at `location`. A reader (`readOnly`) never creates or migrates a store;
    /// a writer creates it if missing and waits up to `writerWait` seconds for another writer.
    public static func open(_ location: StoreLocation, readOnly: Bool = false, writerWait: Double = 10,
                            clock: @escaping () -> RecordedTime = SQLiteEventLog.systemClock) throws(StoreError) -> any EventLog {
        switch location {
        case .sqlite(let path):
            return try SQLiteEventLog(path: path, readOnly: readOnly, clock: clock, writerWait: writerWait)
        case .postgres(let url):
            return try PostgresEventLog(url: url, readOnly: readOnly, clock: clock, writerWait: writerWait)
        }
    }

    /// The counter's access log of the store at `location` (the store must be migrated: open
    /// it as a writer first). Each call is a connection of its own.
    public static func openAccessLog(_ location: StoreLocation, readOnly: Bool = false) throws(StoreError) -> any AccessLog {
        switch location {
        case .sqlite(let path): return try SQLiteAccessLog(path: path, readOnly: readOnly)
        case .postgres(let url): return try PostgresAccessLog(url: url, readOnly: readOnly)
        }
    }
}
