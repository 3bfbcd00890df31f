import Testing
import Foundation
import TestSupport

/// Today's outputs of `assess`, `calc`, the certificates and `simulate`, byte for byte
/// (issue 14, item 7). `tools/golden --check` builds the fixed history with the binary under test
/// and compares every output with `Golden/`; this test runs it. To regenerate after a change
/// that is meant to change an output: `tools/golden`, then read the diff before committing.
@Suite("golden outputs")
struct GoldenOutputTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("assess, calc, certificates and simulate print exactly the bytes in Golden/ (tools/golden --check)",
          .timeLimit(.minutes(10)))
    func goldenOutputs() throws {
        let readme = try #require(Bundle.module.url(forResource: "README", withExtension: "md", subdirectory: "Golden"),
                                  "Golden/ is not among the test bundle's resources")
        let golden = readme.deletingLastPathComponent()
        let script = Self.root.appendingPathComponent("tools/golden")
        #expect(FileManager.default.isExecutableFile(atPath: script.path), "\(script.path)")

        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [script.path, "--check"]
        p.currentDirectoryURL = Self.root
        var env = ProcessInfo.processInfo.environment
        for key in ["KAISEI_STORE", "KAISEI_REVISIONS", "KAISEI_SNAPSHOTS"] { env.removeValue(forKey: key) }
        env["KAISEI_BIN"] = KaiseiBinary.url.path
        env["KAISEI_GOLDEN"] = golden.path
        p.environment = env
        // One pipe for both streams, read to the end before waiting, so a long diff never blocks.
        let output = Pipe()
        p.standardOutput = output
        p.standardError = output
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)

        #expect(p.terminationStatus == 0,
                "outputs differ from Golden/ (if the change is intended: tools/golden, then review the diff)\n\(text)")
        #expect(text.contains("byte for byte"), "\(text)")
    }
}
