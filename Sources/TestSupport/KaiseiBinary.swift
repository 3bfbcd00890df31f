import Foundation

/// Runs the built `kaisei` executable as a child process, as a clerk's shell or a city's
/// script would: exit status, standard output and standard error.
public enum KaiseiBinary {
    /// The executable next to the test bundle (`swift test` builds it), or `$KAISEI_BIN`.
    public static var url: URL {
        if let env = ProcessInfo.processInfo.environment["KAISEI_BIN"] { return URL(fileURLWithPath: env) }
        var dir = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("kaisei")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/kaisei")
    }

    public struct Result: Sendable { public let status: Int32; public let stdout: String; public let stderr: String }

    /// A process for the binary with the caller's environment, less any store the shell set.
    static func process(_ arguments: [String], environment: [String: String]) -> Process {
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "KAISEI_STORE")
        for (k, v) in environment { env[k] = v }
        p.environment = env
        return p
    }

    /// Starts `kaisei` without waiting; its standard error goes to `stderrFile` when given.
    public static func start(_ arguments: [String], environment: [String: String] = [:], stderrFile: URL? = nil) throws -> Process {
        let p = process(arguments, environment: environment)
        p.standardOutput = FileHandle.nullDevice
        if let stderrFile {
            FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
            p.standardError = try FileHandle(forWritingTo: stderrFile)
        } else {
            p.standardError = FileHandle.nullDevice
        }
        try p.run()
        return p
    }

    @discardableResult
    public static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let p = process(arguments, environment: environment)
        // Standard error goes to a file, standard output through a pipe read to the end before
        // waiting, so a chatty child never blocks on a full pipe.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        let out = Pipe(), inp = Pipe()
        p.standardOutput = out; p.standardError = errHandle; p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inp.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try errHandle.close()
        let errData = (try? Data(contentsOf: errURL)) ?? Data()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A store made in `dir` by importing `text` (JSON lines, in recorded order): its path and the
    /// import's result (the caller expects its status).
    public static func importedStore(in dir: URL, _ name: String, _ text: String) throws -> (path: String, result: Result) {
        let file = dir.appendingPathComponent("\(name).jsonl"), store = dir.appendingPathComponent("\(name).sqlite").path
        try Data(text.utf8).write(to: file)
        return (store, try run(["import", file.path, "--store", store]))
    }
}
