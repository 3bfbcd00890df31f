import ArgumentParser
import Foundation
import KaiseiCore
import Law

/// Where the law is: `--revisions DIR`, else `KAISEI_REVISIONS`, else `./revisions`.
struct RevisionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The folder of revision files.", valueName: "DIR"))
    var revisions: String?

    var path: String {
        if let revisions { return revisions }
        if let env = ProcessInfo.processInfo.environment["KAISEI_REVISIONS"], !env.isEmpty { return env }
        return "revisions"
    }

    func load() throws -> RuleBase {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIFailure(message: "no revisions folder at \(path) (run from the Kaisei checkout, or pass --revisions DIR)", code: 1)
        }
        switch RuleBase.load(directory: URL(fileURLWithPath: path)) {
        case .success(let rb): return rb
        case .failure(let e):
            throw CLIFailure(message: e.all.map(\.description).joined(separator: "\n") + "\n\(e.all.count) problem(s) in the revision files", code: 1)
        }
    }
}

extension RecordedTime {
    /// `--known-at`: a time, or a date meaning the end of that day in Japan; nil means now.
    static func parseKnownAt(_ text: String?) throws -> RecordedTime {
        guard let text else { return .distantFuture }
        guard let t = RecordedTime(iso: text, dateMeansEndOfDay: true) else {
            throw CLIFailure(message: "--known-at: not a time \"\(text)\" (expected YYYY-MM-DD or 2020-06-01T09:00:00+09:00)", code: 64)
        }
        return t
    }
}

extension City {
    /// `--city`: nil when absent; a mistyped city is a usage error.
    static func parseOption(_ text: String?) throws -> City? {
        guard let text else { return nil }
        guard let c = City(rawValue: text) else { throw CLIFailure(message: "--city: unknown city \"\(text)\" (expected okazaki | toyohashi)", code: 64) }
        return c
    }
}

/// `--format`: text for people, json for scripts.
func checkFormat(_ format: String) throws {
    guard format == "text" || format == "json" else { throw CLIFailure(message: "--format: expected text or json", code: 64) }
}
